package io.onramp.admin.audit;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log, filtered, as JSON or as a CSV file (also at {@code /audit/export} for the UI's link). */
@RestController
class AuditApiController {

	private static final int MAX_ROWS = 10_000;

	private final AuditLog audit;

	AuditApiController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/api/audit")
	List<AuditLog.Entry> find(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) String target, @RequestParam(required = false) Instant from,
			@RequestParam(required = false) Instant to, @RequestParam(defaultValue = "200") int limit) {
		return audit.find(new AuditLog.Filter(actor, action, target, from, to), Math.min(Math.max(limit, 1), MAX_ROWS));
	}

	@GetMapping(value = { "/api/audit/export", "/audit/export" }, produces = "text/csv")
	ResponseEntity<String> export(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) String target, @RequestParam(required = false) Instant from,
			@RequestParam(required = false) Instant to) throws IOException {
		StringWriter csv = new StringWriter();
		try (CSVPrinter printer = new CSVPrinter(csv,
				CSVFormat.DEFAULT.builder().setHeader("id", "at", "actor", "action", "target", "details").get())) {
			for (AuditLog.Entry entry : audit.find(new AuditLog.Filter(actor, action, target, from, to), MAX_ROWS)) {
				printer.printRecord(entry.id(), entry.at(), entry.actor(), entry.action(), entry.target(), entry.details());
			}
		}
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"onramp-audit.csv\"")
			.body(csv.toString());
	}

}
