package io.onramp.admin;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every role against every REST endpoint: no credentials → 401; a role below the endpoint's → 403; the
 * endpoint's role or one above it → through to the endpoint (which may still answer 400, 404 or 409: the
 * requests name things that do not exist, so nothing changes).
 */
@SpringBootTest
@AutoConfigureMockMvc
class ApiSecurityTest {

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		AdminTestUsers.register(registry, "admin_security");
	}

	@Autowired
	MockMvc mvc;

	private record Endpoint(HttpMethod method, String path, String body, String role) {
	}

	private static final List<Endpoint> ENDPOINTS = List.of(
			new Endpoint(HttpMethod.GET, "/api/rules", null, "VIEWER"),
			new Endpoint(HttpMethod.GET, "/api/rules/nope", null, "VIEWER"),
			new Endpoint(HttpMethod.GET, "/api/rules/nope/versions", null, "VIEWER"),
			new Endpoint(HttpMethod.GET, "/api/rules/nope/versions/1", null, "VIEWER"),
			new Endpoint(HttpMethod.POST, "/api/rules/nope/simulate", "{\"userId\":\"u-1\"}", "VIEWER"),
			new Endpoint(HttpMethod.GET, "/api/rules/nope/versions/1/backtest", null, "VIEWER"),
			new Endpoint(HttpMethod.GET, "/api/releases", null, "VIEWER"),
			new Endpoint(HttpMethod.GET, "/api/releases/running", null, "VIEWER"),
			new Endpoint(HttpMethod.GET, "/api/releases/999999", null, "VIEWER"),
			new Endpoint(HttpMethod.POST, "/api/rules", "{}", "EDITOR"),
			new Endpoint(HttpMethod.PUT, "/api/rules/nope", "{}", "EDITOR"),
			new Endpoint(HttpMethod.POST, "/api/rules/nope/copy", "{\"id\":\"nope-2\"}", "EDITOR"),
			new Endpoint(HttpMethod.POST, "/api/rules/nope/versions/1/submit", null, "EDITOR"),
			new Endpoint(HttpMethod.POST, "/api/rules/nope/versions/1/approve", "{}", "APPROVER"),
			new Endpoint(HttpMethod.POST, "/api/rules/nope/versions/1/reject", "{\"comment\":\"no\"}", "APPROVER"),
			new Endpoint(HttpMethod.POST, "/api/releases", "{}", "APPROVER"),
			new Endpoint(HttpMethod.POST, "/api/releases/999999/rollback", "{}", "APPROVER"),
			new Endpoint(HttpMethod.GET, "/api/audit", null, "ADMIN"),
			new Endpoint(HttpMethod.GET, "/api/audit/export", null, "ADMIN"),
			new Endpoint(HttpMethod.DELETE, "/api/rules/nope", null, "NOBODY"));

	private static final List<String> ROLES = List.of("VIEWER", "EDITOR", "APPROVER", "ADMIN");

	@Test
	void everyRoleGetsTheRightAnswerFromEveryEndpoint() throws Exception {
		List<String> wrong = new ArrayList<>();
		for (Endpoint endpoint : ENDPOINTS) {
			int anonymous = status(request(endpoint), null);
			if (anonymous != 401) {
				wrong.add("anonymous " + endpoint.method() + " " + endpoint.path() + " → " + anonymous + ", expected 401");
			}
			for (AdminTestUsers user : AdminTestUsers.values()) {
				boolean allowed = ROLES.indexOf(user.role) >= ROLES.indexOf(endpoint.role()) && ROLES.contains(endpoint.role());
				int status = status(request(endpoint), user);
				boolean denied = status == 401 || status == 403;
				if (allowed == denied) {
					wrong.add(user.role + " " + endpoint.method() + " " + endpoint.path() + " → " + status + ", expected "
							+ (allowed ? "to reach the endpoint" : "403"));
				}
			}
		}
		assertThat(wrong).isEmpty();
	}

	@Test
	void aWrongPasswordIsRefused() throws Exception {
		MvcResult result = mvc.perform(MockMvcRequestBuilders.get("/api/rules")
			.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic("ann",
					"guess")))
			.andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(401);
	}

	@Test
	void theAuthorOfAVersionCannotApproveIt() throws Exception {
		String rule = """
				{"rule": {"id": "own-rule", "name": "Own", "priority": 1,
				 "when": {"all": [{"feature": "device_type", "op": "eq", "value": "tablet"}]}, "then": [{"setDensity": "medium"}]}}""";
		assertThat(status(MockMvcRequestBuilders.post("/api/rules").contentType(MediaType.APPLICATION_JSON).content(rule),
				AdminTestUsers.APPROVER)).isEqualTo(201);
		assertThat(status(MockMvcRequestBuilders.post("/api/rules/own-rule/versions/1/submit"), AdminTestUsers.APPROVER))
			.isEqualTo(200);
		MvcResult own = mvc.perform(MockMvcRequestBuilders.post("/api/rules/own-rule/versions/1/approve")
			.with(AdminTestUsers.APPROVER.basic())).andReturn();
		assertThat(own.getResponse().getStatus()).isEqualTo(403);
		assertThat(own.getResponse().getContentAsString()).contains("another approver must approve it");
		assertThat(status(MockMvcRequestBuilders.post("/api/rules/own-rule/versions/1/approve"), AdminTestUsers.ADMIN))
			.isEqualTo(200);
	}

	private MockHttpServletRequestBuilder request(Endpoint endpoint) {
		MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(endpoint.method(), endpoint.path());
		if (endpoint.body() != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(endpoint.body());
		}
		return request;
	}

	private int status(MockHttpServletRequestBuilder request, AdminTestUsers user) throws Exception {
		return mvc.perform(user == null ? request : request.with(user.basic())).andReturn().getResponse().getStatus();
	}

}
