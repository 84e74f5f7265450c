package io.onramp.batch;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the snapshot and drift jobs. */
@ConfigurationProperties("onramp.batch")
public class DriftJobProperties {

	/**
	 * Ranges of user buckets the snapshot is written in, each range one transaction: a failed snapshot
	 * restarts at the range that failed. More ranges, smaller transactions; each range reads the day's
	 * changes once.
	 */
	private int snapshotSlices = 8;

	/**
	 * Users without any feature change for this long leave the snapshot (as they leave the aggregator's
	 * history after its {@code onramp.aggregator.history-retention}).
	 */
	private Duration inactiveAfter = Duration.ofDays(90);

	/** Daily snapshots are kept this long (at least the reference period plus a day), older ones removed. */
	private Period snapshotRetention = Period.ofDays(35);

	/**
	 * At most about this many users per day are compared by the drift monitor, on each side: beyond it a
	 * deterministic sample (by user bucket, the same users every day). The distances Evidently's rules
	 * use on large samples are then accurate to well under their 0.1 threshold.
	 */
	private int driftSampleSize = 200_000;

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

	/**
	 * The job a run of the app starts, as {@code --job} does: {@code nightly} (snapshot, drift, alert),
	 * {@code featureSnapshot} or {@code driftMonitor} (the steps of a Data Flow composed task).
	 */
	private String job = "nightly";

	/** The logical date a run of the app works on, as {@code --logical-date} does; unset, yesterday (UTC). */
	private LocalDate logicalDate;

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

	public String getJob() {
		return job;
	}

	public void setJob(String job) {
		this.job = job;
	}

	public LocalDate getLogicalDate() {
		return logicalDate;
	}

	public void setLogicalDate(LocalDate logicalDate) {
		this.logicalDate = logicalDate;
	}

	public int getSnapshotSlices() {
		return snapshotSlices;
	}

	public void setSnapshotSlices(int snapshotSlices) {
		this.snapshotSlices = snapshotSlices;
	}

	public Duration getInactiveAfter() {
		return inactiveAfter;
	}

	public void setInactiveAfter(Duration inactiveAfter) {
		this.inactiveAfter = inactiveAfter;
	}

	public Period getSnapshotRetention() {
		return snapshotRetention;
	}

	public void setSnapshotRetention(Period snapshotRetention) {
		this.snapshotRetention = snapshotRetention;
	}

	public int getDriftSampleSize() {
		return driftSampleSize;
	}

	public void setDriftSampleSize(int driftSampleSize) {
		this.driftSampleSize = driftSampleSize;
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
