package io.onramp.admin;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.onramp.admin.user.OidcRoles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * OpenID Connect by configuration: with a provider registered, the sign-in page offers it and sends the
 * browser to the provider's authorization endpoint; the provider's role claim maps to Onramp's roles.
 */
@SpringBootTest(properties = {
		"spring.security.oauth2.client.registration.corp.client-id=onramp-admin",
		"spring.security.oauth2.client.registration.corp.client-secret=not-a-real-secret",
		"spring.security.oauth2.client.registration.corp.client-name=Corp SSO",
		"spring.security.oauth2.client.registration.corp.authorization-grant-type=authorization_code",
		"spring.security.oauth2.client.registration.corp.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
		"spring.security.oauth2.client.registration.corp.scope=openid,profile",
		"spring.security.oauth2.client.provider.corp.authorization-uri=https://idp.example.test/authorize",
		"spring.security.oauth2.client.provider.corp.token-uri=https://idp.example.test/token",
		"spring.security.oauth2.client.provider.corp.jwk-set-uri=https://idp.example.test/jwks",
		"spring.security.oauth2.client.provider.corp.user-name-attribute=sub",
		"onramp.admin.oidc.roles-claim=groups",
		"onramp.admin.oidc.role-mapping.APPROVER=onramp-approvers",
		"onramp.admin.oidc.role-mapping.EDITOR=product-managers,growth" })
@AutoConfigureMockMvc
class OidcSignInTest {

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		AdminTestUsers.register(registry, "admin_oidc");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	AdminProperties properties;

	@Test
	void theSignInPageOffersTheProviderAndSendsTheBrowserThere() throws Exception {
		assertThat(mvc.perform(get("/login")).andReturn().getResponse().getContentAsString()).contains("Sign in with Corp SSO")
			.contains("/oauth2/authorization/corp");

		MvcResult redirect = mvc.perform(get("/oauth2/authorization/corp")).andReturn();
		assertThat(redirect.getResponse().getStatus()).isEqualTo(302);
		assertThat(redirect.getResponse().getRedirectedUrl()).startsWith("https://idp.example.test/authorize?")
			.contains("response_type=code")
			.contains("client_id=onramp-admin")
			.contains("scope=openid%20profile")
			.contains("redirect_uri=http://localhost/login/oauth2/code/corp");
	}

	@Test
	void theProvidersGroupsBecomeRoles() {
		OidcRoles roles = new OidcRoles(properties.getOidc());
		assertThat(names(roles.authorities(Map.of("groups", List.of("staff", "onramp-approvers"))))).containsExactly("ROLE_APPROVER");
		assertThat(names(roles.authorities(Map.of("groups", "growth")))).containsExactly("ROLE_EDITOR");
		assertThat(names(roles.authorities(Map.of("groups", List.of("Admin"))))).as("a role's own name, any case")
			.containsExactly("ROLE_ADMIN");
		assertThat(roles.authorities(Map.of("groups", List.of("staff")))).as("no default role configured").isEmpty();

		AdminProperties.Oidc withDefault = new AdminProperties.Oidc();
		withDefault.setDefaultRole("viewer");
		assertThat(names(new OidcRoles(withDefault).authorities(Map.of()))).containsExactly("ROLE_VIEWER");
	}

	private static List<String> names(Set<GrantedAuthority> authorities) {
		return authorities.stream().map(GrantedAuthority::getAuthority).toList();
	}

}
