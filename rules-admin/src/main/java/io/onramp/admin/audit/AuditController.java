package io.onramp.admin.audit;

import java.time.Instant;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log page, filtered; the CSV export is {@code /api/audit/export} with the same filters. */
@Controller
class AuditController {

	private final AuditLog audit;

	AuditController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/audit")
	String list(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) String target, @RequestParam(required = false) Instant from,
			@RequestParam(required = false) Instant to, Model model) {
		model.addAttribute("entries", audit.find(new AuditLog.Filter(actor, action, target, from, to), 500));
		model.addAttribute("actor", actor);
		model.addAttribute("action", action);
		model.addAttribute("target", target);
		return "audit/list";
	}

}
