package io.onramp.batch.drift;

import java.net.URI;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

/**
 * When day D drifted (any feature, or the dataset), says so: a JSON summary on the {@value #BINDING}
 * binding ({@code onramp.drift-alerts} by default) and, when configured, POSTed to a webhook. A day
 * without drift sends nothing.
 */
public class DriftAlerts {

	/** The output binding of the alerts. */
	public static final String BINDING = "driftAlerts-out-0";

	private static final Logger log = LoggerFactory.getLogger(DriftAlerts.class);

	private final JdbcTemplate jdbc;

	private final StreamBridge streamBridge;

	private final URI webhook;

	private final RestClient http = RestClient.create();

	public DriftAlerts(JdbcTemplate jdbc, StreamBridge streamBridge, URI webhook) {
		this.jdbc = jdbc;
		this.streamBridge = streamBridge;
		this.webhook = webhook;
	}

	/** Sends D's alert if D drifted; returns whether it did. */
	public boolean alert(LocalDate day) {
		Map<String, Object> run = jdbc.queryForMap("SELECT * FROM drift_run WHERE logical_date = ?", Date.valueOf(day));
		List<String> drifted = jdbc.queryForList(
				"SELECT feature FROM drift_result WHERE logical_date = ? AND drifted ORDER BY feature", String.class, Date.valueOf(day));
		if (drifted.isEmpty() && !Boolean.TRUE.equals(run.get("dataset_drifted"))) {
			return false;
		}
		Map<String, Object> alert = new LinkedHashMap<>();
		alert.put("logicalDate", day.toString());
		alert.put("datasetDrifted", run.get("dataset_drifted"));
		alert.put("driftedFeatures", drifted);
		alert.put("features", run.get("features"));
		alert.put("referenceFrom", run.get("reference_from").toString());
		alert.put("referenceTo", run.get("reference_to").toString());
		if (!streamBridge.send(BINDING, alert)) {
			throw new IllegalStateException("The drift alert for " + day + " was not sent");
		}
		if (webhook != null) {
			http.post().uri(webhook).contentType(MediaType.APPLICATION_JSON).body(alert).retrieve().toBodilessEntity();
		}
		log.warn("Drift on {}: {} (dataset drifted: {})", day, drifted, run.get("dataset_drifted"));
		return true;
	}

}
