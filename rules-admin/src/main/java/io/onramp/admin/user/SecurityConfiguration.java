package io.onramp.admin.user;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

import io.onramp.admin.AdminProperties;
import io.onramp.admin.audit.AuditLog;
import io.onramp.admin.web.DatabaseUnavailable;

/**
 * Who may do what. Two filter chains: the REST API ({@code /api/**}) authenticates every request with HTTP
 * Basic and never reads a session, so it needs no CSRF token and a browser's session cookie cannot drive
 * it; the UI uses form sign-in with a session and CSRF tokens on every form, and OpenID Connect when a
 * provider is configured ({@link OidcRoles} maps its claims to roles). Both enforce the same roles
 * ({@link Role}), and Spring Security's default security headers apply to both.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.fromHierarchy(Role.hierarchy());
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		// bcrypt for new hashes; the {id} prefix lets the algorithm change later without resetting passwords.
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	AdminUsers adminUsers(JdbcClient jdbc, PasswordEncoder passwordEncoder) {
		return new AdminUsers(jdbc, passwordEncoder);
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http) throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests(requests -> requests.requestMatchers("/api/audit", "/api/audit/**")
				.hasRole("ADMIN")
				.requestMatchers(HttpMethod.GET, "/api/**")
				.hasRole("VIEWER")
				.requestMatchers(HttpMethod.POST, "/api/rules/*/simulate")
				.hasRole("VIEWER")
				.requestMatchers(HttpMethod.POST, "/api/rules/*/versions/*/approve", "/api/rules/*/versions/*/reject",
						"/api/releases", "/api/releases/*/rollback")
				.hasRole("APPROVER")
				.requestMatchers(HttpMethod.POST, "/api/rules", "/api/rules/*/copy", "/api/rules/*/versions/*/submit")
				.hasRole("EDITOR")
				.requestMatchers(HttpMethod.PUT, "/api/rules/*")
				.hasRole("EDITOR")
				.anyRequest()
				.denyAll())
			.httpBasic(basic -> basic.authenticationEntryPoint(DatabaseUnavailable.or(basicChallenge())))
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			// Safe only because this chain never authenticates from a cookie (see above).
			.csrf(csrf -> csrf.disable());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain ui(HttpSecurity http, ObjectProvider<ClientRegistrationRepository> oidcProviders,
			AdminProperties properties) throws Exception {
		if (oidcProviders.getIfAvailable() != null) {
			// OpenID Connect next to the users in Postgres, with roles from a claim of the provider's.
			OidcRoles roles = new OidcRoles(properties.getOidc());
			OidcUserService users = new OidcUserService();
			http.oauth2Login(login -> login.loginPage("/login").userInfoEndpoint(info -> info.oidcUserService(request -> {
				OidcUser user = users.loadUser(request);
				Set<GrantedAuthority> authorities = new LinkedHashSet<>(roles.authorities(user.getClaims()));
				authorities.add(new SimpleGrantedAuthority("OIDC_USER"));
				String name = user.getClaims().containsKey("preferred_username") ? "preferred_username" : "sub";
				return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), name);
			})));
		}
		http.authorizeHttpRequests(requests -> requests.requestMatchers("/login", "/css/**", "/js/**", "/error", "/actuator/health/**")
			.permitAll()
			.requestMatchers("/audit", "/audit/**")
			.hasRole("ADMIN")
			.requestMatchers(HttpMethod.POST, "/rules/*/versions/*/approve", "/rules/*/versions/*/reject", "/releases",
					"/releases/*/rollback", "/jobs/*/restart")
			.hasRole("APPROVER")
			.requestMatchers(HttpMethod.POST, "/rules/**")
			.hasRole("EDITOR")
			.requestMatchers(HttpMethod.GET, "/rules/new", "/rules/*/edit")
			.hasRole("EDITOR")
			.anyRequest()
			.hasRole("VIEWER"))
			.formLogin(form -> form.loginPage("/login").permitAll())
			.logout(Customizer.withDefaults())
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
					"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'")));
		return http.build();
	}

	/** HTTP Basic's own answer to a failed sign-in: 401 with a challenge. */
	private static BasicAuthenticationEntryPoint basicChallenge() {
		BasicAuthenticationEntryPoint challenge = new BasicAuthenticationEntryPoint();
		challenge.setRealmName("Realm");
		return challenge;
	}

	/** Sign-ins to the UI, and failed attempts, go to the audit log. */
	@Bean
	SignInAudit signInAudit(AuditLog audit) {
		return new SignInAudit(audit);
	}

	static final class SignInAudit {

		private final AuditLog audit;

		SignInAudit(AuditLog audit) {
			this.audit = audit;
		}

		@EventListener
		void signedIn(InteractiveAuthenticationSuccessEvent event) {
			audit.record(event.getAuthentication().getName(), "user.signed_in", null, Map.of());
		}

		@EventListener
		void failed(AbstractAuthenticationFailureEvent event) {
			audit.record(String.valueOf(event.getAuthentication().getName()), "user.sign_in_failed", null,
					Map.of("reason", event.getException().getMessage()));
		}

	}

}
