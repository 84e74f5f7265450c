package io.onramp.admin.web;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.hierarchicalroles.NullRoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the signed-in user may do, for the pages to show only the actions that would succeed (the
 * endpoints enforce the same roles whatever the page shows).
 */
@ControllerAdvice(basePackages = "io.onramp.admin")
class CurrentUser {

	private final RoleHierarchy roles;

	CurrentUser(ObjectProvider<RoleHierarchy> roles) {
		this.roles = roles.getIfAvailable(NullRoleHierarchy::new);
	}

	@ModelAttribute("can")
	Can can(Authentication user) {
		if (user == null) {
			return new Can(null, false, false, false);
		}
		Set<String> granted = roles.getReachableGrantedAuthorities(user.getAuthorities())
			.stream()
			.map(GrantedAuthority::getAuthority)
			.collect(Collectors.toSet());
		return new Can(user.getName(), granted.contains("ROLE_EDITOR"), granted.contains("ROLE_APPROVER"),
				granted.contains("ROLE_ADMIN"));
	}

	/**
	 * @param user who is signed in, or {@code null}
	 * @param edit may write rules
	 * @param approve may approve, publish and roll back
	 * @param admin may read the audit log
	 */
	public record Can(String user, boolean edit, boolean approve, boolean admin) {
	}

}
