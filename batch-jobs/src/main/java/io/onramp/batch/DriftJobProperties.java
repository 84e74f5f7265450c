package io.onramp.batch;

import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the snapshot and drift jobs. */
@ConfigurationProperties("onramp.batch")
public class DriftJobProperties {

	/** Users per chunk of the snapshot step: each chunk commits, and a restart resumes after the last committed one. */
	private int chunkSize = 500;

	/** The reference of day D is the snapshots of the days before it, this many (Evidently-style rolling reference). */
	private int referenceDays = 7;

	/** A pinned reference period instead of the rolling one: its first day (with {@code reference-to}). */
	private LocalDate referenceFrom;

	/** A pinned reference period: its last day, included. */
	private LocalDate referenceTo;

	/**
	 * Per-feature thresholds, by feature name: a p-value for features decided by a test (drift below it), a
	 * distance for features decided by a distance (drift at or above it). Unset: 0.05 and 0.1.
	 */
	private Map<String, Double> thresholds = new LinkedHashMap<>();

	/** The dataset drifts when at least this share of its features drift. */
	private double datasetDriftShare = 0.5;

	/** When drift is found, its summary is also POSTed as JSON to this URL (a chat or incident webhook); unset, not. */
	private URI alertWebhook;

	/**
	 * Run standalone on a schedule: with it on, the app stays up and runs the nightly flow for the day before
	 * at {@code schedule-cron}; off (a Data Flow task, a Kubernetes CronJob), it runs once and exits.
	 */
	private boolean scheduleEnabled;

	/**
	 * Whether the app runs the nightly flow when it starts (for the date its arguments name, else yesterday).
	 * Off only where something else drives the jobs, such as tests.
	 */
	private boolean runOnStartup = true;

	/** When the nightly flow runs, in UTC (Spring cron: second minute hour day month weekday). */
	private String scheduleCron = "0 30 2 * * *";

	public URI getAlertWebhook() {
		return alertWebhook;
	}

	public void setAlertWebhook(URI alertWebhook) {
		this.alertWebhook = alertWebhook;
	}

	public boolean isScheduleEnabled() {
		return scheduleEnabled;
	}

	public void setScheduleEnabled(boolean scheduleEnabled) {
		this.scheduleEnabled = scheduleEnabled;
	}

	public boolean isRunOnStartup() {
		return runOnStartup;
	}

	public void setRunOnStartup(boolean runOnStartup) {
		this.runOnStartup = runOnStartup;
	}

	public String getScheduleCron() {
		return scheduleCron;
	}

	public void setScheduleCron(String scheduleCron) {
		this.scheduleCron = scheduleCron;
	}

	public int getChunkSize() {
		return chunkSize;
	}

	public void setChunkSize(int chunkSize) {
		this.chunkSize = chunkSize;
	}

	public int getReferenceDays() {
		return referenceDays;
	}

	public void setReferenceDays(int referenceDays) {
		this.referenceDays = referenceDays;
	}

	public LocalDate getReferenceFrom() {
		return referenceFrom;
	}

	public void setReferenceFrom(LocalDate referenceFrom) {
		this.referenceFrom = referenceFrom;
	}

	public LocalDate getReferenceTo() {
		return referenceTo;
	}

	public void setReferenceTo(LocalDate referenceTo) {
		this.referenceTo = referenceTo;
	}

	public Map<String, Double> getThresholds() {
		return thresholds;
	}

	public void setThresholds(Map<String, Double> thresholds) {
		this.thresholds = thresholds;
	}

	public double getDatasetDriftShare() {
		return datasetDriftShare;
	}

	public void setDatasetDriftShare(double datasetDriftShare) {
		this.datasetDriftShare = datasetDriftShare;
	}

}
