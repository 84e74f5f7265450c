package io.onramp.admin;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of rules-admin. */
@ConfigurationProperties("onramp.admin")
public class AdminProperties {

	/**
	 * Whether the author of a rule version may approve it. Off by default (four eyes); small teams with a
	 * single rule writer turn it on.
	 */
	private boolean selfApproval;

	/** The prefix of the Redis keys where releases are published; the same as the stream apps' prefix. */
	private String redisKeyPrefix = "onramp";

	/**
	 * The feature aggregator's history table ({@code feature_changes}), schema-qualified when it lives in
	 * another schema of the same database; backtests read it.
	 */
	private String featureHistoryTable = "feature_changes";

	/**
	 * Users created at start-up when they do not exist yet (an existing user is left as it is): the first
	 * administrator of a new installation, or the sandbox's demo users. Supply passwords from a secret.
	 */
	private List<BootstrapUser> bootstrapUsers = new ArrayList<>();

	public boolean isSelfApproval() {
		return selfApproval;
	}

	public void setSelfApproval(boolean selfApproval) {
		this.selfApproval = selfApproval;
	}

	public String getRedisKeyPrefix() {
		return redisKeyPrefix;
	}

	public void setRedisKeyPrefix(String redisKeyPrefix) {
		this.redisKeyPrefix = redisKeyPrefix;
	}

	public String getFeatureHistoryTable() {
		return featureHistoryTable;
	}

	public void setFeatureHistoryTable(String featureHistoryTable) {
		this.featureHistoryTable = featureHistoryTable;
	}

	public List<BootstrapUser> getBootstrapUsers() {
		return bootstrapUsers;
	}

	public void setBootstrapUsers(List<BootstrapUser> bootstrapUsers) {
		this.bootstrapUsers = bootstrapUsers;
	}

	/** A user to create at start-up. */
	public static class BootstrapUser {

		/** The sign-in name. */
		private String username;

		/** The password; stored only as a hash. */
		private String password;

		/** The name shown in the UI and the audit log; the username when unset. */
		private String displayName;

		/** The roles: VIEWER, EDITOR, APPROVER, ADMIN (each includes the ones before it). */
		private List<String> roles = new ArrayList<>();

		public String getUsername() {
			return username;
		}

		public void setUsername(String username) {
			this.username = username;
		}

		public String getPassword() {
			return password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public String getDisplayName() {
			return displayName;
		}

		public void setDisplayName(String displayName) {
			this.displayName = displayName;
		}

		public List<String> getRoles() {
			return roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles;
		}

	}

}
