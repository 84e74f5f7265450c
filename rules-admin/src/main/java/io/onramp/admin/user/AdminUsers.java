package io.onramp.admin.user;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The users who sign in, in Postgres, with passwords hashed by a {@link PasswordEncoder} (bcrypt by default). */
public class AdminUsers implements UserDetailsService {

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	public AdminUsers(JdbcClient jdbc, PasswordEncoder passwords) {
		this.jdbc = jdbc;
		this.passwords = passwords;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		return jdbc.sql("SELECT username, password_hash, roles, enabled FROM admin_user WHERE username = ?")
			.param(username)
			.query((row, n) -> User.withUsername(row.getString("username"))
				.password(row.getString("password_hash"))
				.authorities(AuthorityUtils.createAuthorityList(Arrays.stream(row.getString("roles").split(","))
					.map(role -> "ROLE_" + role.trim())
					.toArray(String[]::new)))
				.disabled(!row.getBoolean("enabled"))
				.build())
			.optional()
			.orElseThrow(() -> new UsernameNotFoundException("No user " + username));
	}

	/** Creates the user unless one with that name exists; returns whether it was created. */
	public boolean createIfAbsent(String username, String password, String displayName, List<Role> roles) {
		if (username == null || username.isBlank() || password == null || password.isBlank() || roles.isEmpty()) {
			throw new IllegalArgumentException("A user needs a username, a password and at least one role");
		}
		return jdbc.sql("""
				INSERT INTO admin_user (username, password_hash, display_name, roles) VALUES (?, ?, ?, ?)
				ON CONFLICT (username) DO NOTHING
				""")
			.params(username, passwords.encode(password), displayName == null ? username : displayName,
					String.join(",", roles.stream().map(Role::name).toList()))
			.update() == 1;
	}

	/** The name to show for a user. */
	public Optional<String> displayName(String username) {
		return jdbc.sql("SELECT display_name FROM admin_user WHERE username = ?").param(username).query(String.class).optional();
	}

}
