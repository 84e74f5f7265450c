package io.onramp.admin.release;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Releases: publish what is approved, roll back, history, and which evaluator runs which release. */
@RestController
@RequestMapping("/api/releases")
class ReleaseApiController {

	private final ReleaseService releases;

	ReleaseApiController(ReleaseService releases) {
		this.releases = releases;
	}

	@GetMapping
	List<Release> history() {
		return releases.releases();
	}

	@GetMapping("/running")
	ReleaseService.Running running() {
		return releases.running();
	}

	@GetMapping("/{number}")
	Release release(@PathVariable long number) {
		return releases.release(number);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Release publish(@RequestBody(required = false) Map<String, String> body, Principal user) {
		return releases.publish(user.getName(), body == null ? "" : body.getOrDefault("note", ""));
	}

	@PostMapping("/{number}/rollback")
	@ResponseStatus(HttpStatus.CREATED)
	Release rollBack(@PathVariable long number, @RequestBody(required = false) Map<String, String> body, Principal user) {
		return releases.rollBack(number, user.getName(), body == null ? null : body.get("note"));
	}

}
