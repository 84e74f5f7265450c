package io.onramp.admin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.PropertySource;

/** The web app and REST API where business users manage onboarding rules. */
@SpringBootApplication
@EnableConfigurationProperties(AdminProperties.class)
// Named defaults file, so the sandbox can run it beside the stream apps on one classpath.
@PropertySource("classpath:onramp/apps/rules-admin.properties")
public class RulesAdminApplication {

	public static void main(String[] args) {
		SpringApplication.run(RulesAdminApplication.class, args);
	}

}
