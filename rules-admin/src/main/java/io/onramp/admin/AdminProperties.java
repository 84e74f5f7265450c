package io.onramp.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

	/** Sign-in through an OpenID Connect provider, next to the users in Postgres. */
	private final Oidc oidc = new Oidc();

	public Oidc getOidc() {
		return oidc;
	}

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

	/**
	 * OpenID Connect sign-in: configure the provider as a Spring Security OAuth2 client registration
	 * ({@code spring.security.oauth2.client.registration.<id>.*}, {@code ...provider.<id>.issuer-uri}); the
	 * sign-in page then offers it. These settings map the provider's claims to roles.
	 */
	public static class Oidc {

		/** The ID token or user-info claim that lists the user's groups or roles (a list or one string). */
		private String rolesClaim = "roles";

		/**
		 * Claim values that grant each role, by role (VIEWER, EDITOR, APPROVER, ADMIN); a value equal to a
		 * role's name, in any case, grants it too.
		 */
		private Map<String, List<String>> roleMapping = new LinkedHashMap<>();

		/** The role of a signed-in user whose claims grant none; unset, such a user may see nothing. */
		private String defaultRole;

		public String getRolesClaim() {
			return rolesClaim;
		}

		public void setRolesClaim(String rolesClaim) {
			this.rolesClaim = rolesClaim;
		}

		public Map<String, List<String>> getRoleMapping() {
			return roleMapping;
		}

		public void setRoleMapping(Map<String, List<String>> roleMapping) {
			this.roleMapping = roleMapping;
		}

		public String getDefaultRole() {
			return defaultRole;
		}

		public void setDefaultRole(String defaultRole) {
			this.defaultRole = defaultRole;
		}

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
