package io.onramp.admin.release;

import java.security.Principal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.onramp.admin.web.ConflictException;
import io.onramp.admin.web.InvalidRuleException;

/** The releases page: history, what the evaluators run, publish and roll back. */
@Controller
class ReleaseController {

	private static final String RELEASES = "releases/list";

	private final ReleaseService releases;

	ReleaseController(ReleaseService releases) {
		this.releases = releases;
	}

	@GetMapping("/releases")
	String list(Model model) {
		model.addAttribute("releases", releases.releases());
		model.addAttribute("running", releases.running());
		return RELEASES;
	}

	@PostMapping("/releases")
	String publish(@RequestParam(defaultValue = "") String note, Principal user, RedirectAttributes redirect) {
		try {
			Release release = releases.publish(user.getName(), note);
			redirect.addFlashAttribute("message", "Published release " + release.number() + ".");
		}
		catch (ConflictException | InvalidRuleException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/releases";
	}

	@PostMapping("/releases/{number}/rollback")
	String rollBack(@PathVariable long number, Principal user, RedirectAttributes redirect) {
		Release release = releases.rollBack(number, user.getName(), null);
		redirect.addFlashAttribute("message", "Release " + number + " is live again, as release " + release.number() + ".");
		return "redirect:/releases";
	}

}
