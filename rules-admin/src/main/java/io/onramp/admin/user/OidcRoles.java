package io.onramp.admin.user;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import io.onramp.admin.AdminProperties;

/** Which roles an OpenID Connect user has, from a claim of the provider's (see {@link AdminProperties.Oidc}). */
public final class OidcRoles {

	private final AdminProperties.Oidc settings;

	public OidcRoles(AdminProperties.Oidc settings) {
		this.settings = settings;
	}

	/** The authorities ({@code ROLE_<role>}) the claims grant. */
	public Set<GrantedAuthority> authorities(Map<String, Object> claims) {
		List<String> values = new ArrayList<>();
		Object claim = claims.get(settings.getRolesClaim());
		if (claim instanceof Collection<?> many) {
			many.forEach(value -> values.add(String.valueOf(value)));
		}
		else if (claim != null) {
			values.addAll(List.of(String.valueOf(claim).split("[,\\s]+")));
		}
		Set<GrantedAuthority> granted = new LinkedHashSet<>();
		for (Role role : Role.values()) {
			List<String> grants = settings.getRoleMapping().getOrDefault(role.name(), List.of());
			boolean has = values.stream().anyMatch(value -> value.equalsIgnoreCase(role.name()) || grants.contains(value));
			if (has) {
				granted.add(new SimpleGrantedAuthority("ROLE_" + role.name()));
			}
		}
		if (granted.isEmpty() && settings.getDefaultRole() != null && !settings.getDefaultRole().isBlank()) {
			granted.add(new SimpleGrantedAuthority("ROLE_" + Role.of(settings.getDefaultRole()).name()));
		}
		return granted;
	}

}
