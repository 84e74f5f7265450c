package io.onramp.admin.drift;

import java.time.LocalDate;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.onramp.admin.web.NotFoundException;

/** The drift pages: every nightly run, and one run's report with each feature's distribution charted. */
@Controller
class DriftController {

	private final DriftReports reports;

	DriftController(DriftReports reports) {
		this.reports = reports;
	}

	@GetMapping("/drift")
	String runs(Model model) {
		model.addAttribute("runs", reports.runs());
		return "drift/runs";
	}

	@GetMapping("/drift/{day}")
	String report(@PathVariable LocalDate day, Model model) {
		DriftReports.Run run = reports.run(day).orElseThrow(() -> new NotFoundException("There is no drift run for " + day + "."));
		List<DriftReports.Result> results = reports.results(day);
		model.addAttribute("run", run);
		model.addAttribute("results", results);
		model.addAttribute("charts", results.stream().map(result -> reports.chart(run, result)).toList());
		return "drift/report";
	}

}
