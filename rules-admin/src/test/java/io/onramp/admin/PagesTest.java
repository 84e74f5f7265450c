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
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/** The pages' security: sign-in, roles, CSRF, headers, and what people type rendered as text, never as markup. */
@SpringBootTest
@AutoConfigureMockMvc
class PagesTest {

	private static final String SCRIPT = "<script>alert('x')</script>";

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		AdminTestUsers.register(registry, "admin_pages");
	}

	@Autowired
	MockMvc mvc;

	@Test
	void pagesNeedASignInAndTheRightRole() throws Exception {
		MvcResult anonymous = mvc.perform(get("/rules")).andReturn();
		assertThat(anonymous.getResponse().getStatus()).isEqualTo(302);
		assertThat(anonymous.getResponse().getRedirectedUrl()).endsWith("/login");
		assertThat(status(get("/login"), null)).isEqualTo(200);
		assertThat(status(get("/rules"), "VIEWER")).isEqualTo(200);
		assertThat(status(get("/rules/new"), "VIEWER")).isEqualTo(403);
		assertThat(status(get("/rules/new"), "EDITOR")).isEqualTo(200);
		assertThat(status(post("/rules/new").param("ruleJson", "{}").with(csrf()), "VIEWER")).isEqualTo(403);
		assertThat(status(post("/releases").with(csrf()), "EDITOR")).isEqualTo(403);
		assertThat(status(get("/audit"), "APPROVER")).isEqualTo(403);
		assertThat(status(get("/audit"), "ADMIN")).isEqualTo(200);
	}

	private record Page(HttpMethod method, String path, String role) {
	}

	/** Every page and form, with the least role that may use it. */
	private static final List<Page> PAGES = List.of(new Page(HttpMethod.GET, "/rules", "VIEWER"),
			new Page(HttpMethod.GET, "/rules/nope", "VIEWER"), new Page(HttpMethod.GET, "/rules/nope/diff?from=1&to=2", "VIEWER"),
			new Page(HttpMethod.GET, "/rules/nope/simulate", "VIEWER"), new Page(HttpMethod.GET, "/releases", "VIEWER"),
			new Page(HttpMethod.GET, "/drift", "VIEWER"), new Page(HttpMethod.GET, "/drift/2026-11-26", "VIEWER"),
			new Page(HttpMethod.GET, "/jobs", "VIEWER"), new Page(HttpMethod.POST, "/jobs/1/restart", "APPROVER"),
			new Page(HttpMethod.GET, "/rules/new", "EDITOR"), new Page(HttpMethod.GET, "/rules/nope/edit", "EDITOR"),
			new Page(HttpMethod.POST, "/rules/new", "EDITOR"), new Page(HttpMethod.POST, "/rules/nope/edit", "EDITOR"),
			new Page(HttpMethod.POST, "/rules/describe", "EDITOR"), new Page(HttpMethod.POST, "/rules/nope/copy", "EDITOR"),
			new Page(HttpMethod.POST, "/rules/nope/versions/1/submit", "EDITOR"),
			new Page(HttpMethod.POST, "/rules/nope/versions/1/approve", "APPROVER"),
			new Page(HttpMethod.POST, "/rules/nope/versions/1/reject", "APPROVER"), new Page(HttpMethod.POST, "/releases", "APPROVER"),
			new Page(HttpMethod.POST, "/releases/999999/rollback", "APPROVER"), new Page(HttpMethod.GET, "/audit", "ADMIN"),
			new Page(HttpMethod.GET, "/audit/export", "ADMIN"));

	private static final List<String> ROLES = List.of("VIEWER", "EDITOR", "APPROVER", "ADMIN");

	@Test
	void everyRoleGetsTheRightAnswerFromEveryPage() throws Exception {
		List<String> wrong = new ArrayList<>();
		for (Page page : PAGES) {
			MvcResult anonymous = mvc.perform(request(page)).andReturn();
			String location = anonymous.getResponse().getRedirectedUrl();
			if (anonymous.getResponse().getStatus() != 302 || location == null || !location.endsWith("/login")) {
				wrong.add("anonymous " + page + " → " + anonymous.getResponse().getStatus() + " " + location);
			}
			for (String role : ROLES) {
				boolean allowed = ROLES.indexOf(role) >= ROLES.indexOf(page.role());
				int status = mvc.perform(request(page).with(user("someone").roles(role))).andReturn().getResponse().getStatus();
				if (allowed == (status == 403)) {
					wrong.add(role + " " + page + " → " + status + ", expected " + (allowed ? "to reach the page" : "403"));
				}
			}
		}
		assertThat(wrong).isEmpty();
	}

	private static MockHttpServletRequestBuilder request(Page page) {
		MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(page.method(), page.path());
		if (page.method() == HttpMethod.POST) {
			request.with(csrf()).param("ruleJson", "{}").param("newId", "nope-2").contentType(MediaType.APPLICATION_FORM_URLENCODED);
		}
		return request;
	}

	@Test
	void theApiIsDescribedByOpenApi() throws Exception {
		String spec = mvc.perform(get("/v3/api-docs").with(user("vera").roles("VIEWER"))).andReturn().getResponse().getContentAsString();
		assertThat(spec).contains("\"openapi\"").contains("/api/rules/{id}/versions/{version}/approve").contains("/api/releases");
	}

	@Test
	void aFormWithoutItsCsrfTokenIsRefused() throws Exception {
		assertThat(status(post("/rules/new").param("ruleJson", "{}"), "EDITOR")).isEqualTo(403);
	}

	@Test
	void responsesCarrySecurityHeaders() throws Exception {
		MvcResult page = mvc.perform(get("/rules").with(user("vera").roles("VIEWER"))).andReturn();
		assertThat(page.getResponse().getHeader("Content-Security-Policy")).contains("script-src 'self'");
		assertThat(page.getResponse().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(page.getResponse().getHeader("X-Frame-Options")).isEqualTo("DENY");
	}

	@Test
	void whatPeopleTypeIsShownAsTextEverywhere() throws Exception {
		String rule = """
				{"rule": {"id": "scripted", "name": "%s", "description": "%s", "priority": 1, "tags": ["%s"],
				 "when": {"all": [{"feature": "event.context.page.path", "op": "starts_with", "value": "%s"}]},
				 "then": [{"showHint": {"id": "h", "text": "%s"}}]}, "note": "%s"}""".formatted(SCRIPT, SCRIPT, SCRIPT, SCRIPT,
				SCRIPT, SCRIPT);
		MvcResult created = mvc.perform(post("/api/rules").with(AdminTestUsers.EDITOR.basic())
			.contentType(MediaType.APPLICATION_JSON)
			.content(rule)).andReturn();
		assertThat(created.getResponse().getStatus()).as(created.getResponse().getContentAsString()).isEqualTo(201);
		String saveAgain = rule.replace("\"note\"", "\"baseVersion\": 1, \"note\"").replace("\"priority\": 1", "\"priority\": 2");
		assertThat(mvc.perform(put("/api/rules/scripted")
			.with(AdminTestUsers.EDITOR.basic())
			.contentType(MediaType.APPLICATION_JSON)
			.content(saveAgain)).andReturn().getResponse().getStatus()).isEqualTo(200);

		for (String page : new String[] { "/rules", "/rules/scripted", "/rules/scripted/diff?from=1&to=2", "/rules/scripted/edit",
				"/audit" }) {
			String html = mvc.perform(get(page).with(user("ada").roles("ADMIN"))).andReturn().getResponse().getContentAsString();
			assertThat(html).as(page).doesNotContain(SCRIPT).contains("&lt;script&gt;");
		}
	}

	private int status(MockHttpServletRequestBuilder request, String role)
			throws Exception {
		return mvc.perform(role == null ? request : request.with(user("someone").roles(role))).andReturn().getResponse().getStatus();
	}

}
