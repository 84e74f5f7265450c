package io.onramp.admin;

import java.util.List;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.onramp.testsupport.OnrampTestProperties;
import io.onramp.testsupport.TcpProxy;
import io.onramp.testsupport.TestServices;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

/** The users rules-admin tests sign in as, one per role plus a second editor, created by bootstrap properties. */
enum AdminTestUsers {

	VIEWER("vera", "VIEWER"), EDITOR("ed", "EDITOR"), OTHER_EDITOR("eve", "EDITOR"), APPROVER("ann", "APPROVER"),
	ADMIN("ada", "ADMIN");

	final String username;

	final String role;

	AdminTestUsers(String username, String role) {
		this.username = username;
		this.role = role;
	}

	String password() {
		return "pw-" + username + "-correct-horse";
	}

	/** Signs the request in with HTTP Basic, through the real filter chain and the users in Postgres. */
	RequestPostProcessor basic() {
		return httpBasic(username, password());
	}

	/** Real Postgres and Redis, isolated per test class, and these users. Returns the Redis key prefix. */
	static String register(DynamicPropertyRegistry registry, String isolationName) {
		return register(registry, isolationName, null);
	}

	/** The same, with Postgres reached through {@code proxy} (or directly when {@code null}). */
	static String register(DynamicPropertyRegistry registry, String isolationName, TcpProxy proxy) {
		OnrampTestProperties.postgres(registry, isolationName, proxy);
		String prefix = TestServices.uniqueName(isolationName);
		registry.add("spring.data.redis.host", () -> TestServices.redis().host());
		registry.add("spring.data.redis.port", () -> TestServices.redis().port());
		registry.add("onramp.admin.redis-key-prefix", () -> prefix);
		List<AdminTestUsers> users = List.of(values());
		for (int i = 0; i < users.size(); i++) {
			AdminTestUsers user = users.get(i);
			registry.add("onramp.admin.bootstrap-users[" + i + "].username", () -> user.username);
			registry.add("onramp.admin.bootstrap-users[" + i + "].password", user::password);
			registry.add("onramp.admin.bootstrap-users[" + i + "].roles", () -> user.role);
		}
		return prefix;
	}

}
