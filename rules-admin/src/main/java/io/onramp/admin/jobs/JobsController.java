package io.onramp.admin.jobs;

import java.security.Principal;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.onramp.admin.web.ConflictException;

/** The Jobs page: batch-jobs' runs, and a restart of a failed one. */
@Controller
class JobsController {

	private final JobRuns runs;

	JobsController(JobRuns runs) {
		this.runs = runs;
	}

	@GetMapping("/jobs")
	String list(Model model) {
		model.addAttribute("runs", runs.latest(200));
		return "jobs/list";
	}

	@PostMapping("/jobs/{executionId}/restart")
	String restart(@PathVariable long executionId, Principal user, RedirectAttributes redirect) {
		try {
			runs.requestRestart(executionId, user.getName());
			redirect.addFlashAttribute("message", "Restart of run " + executionId
					+ " asked for: batch-jobs carries it out on its next start, or within a minute when it runs on its schedule.");
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/jobs";
	}

}
