package io.onramp.contracts;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Short-lived tokens that let one user's page read that user's experience stream.
 *
 * <p>The product's backend, which knows who is signed in, mints a token per user and hands it to the page;
 * the experience sink checks it. A token is a JWT signed with HMAC-SHA256 (HS256) and the secret both
 * share (at least 32 bytes), with the claims {@code sub} (the user id), {@code aud} {@value #AUDIENCE},
 * {@code iat} and {@code exp}. Any JWT library can mint one; this class does it for JVM backends:
 *
 * <pre>{@code
 * StreamTokens tokens = new StreamTokens(secret);
 * String token = tokens.mint("user-42", Duration.ofMinutes(15));
 * }</pre>
 */
public final class StreamTokens {

	/** The audience every stream token names. */
	public static final String AUDIENCE = "onramp-experience";

	/** Tokens for longer than this are refused: a leaked token should not outlive a working day. */
	public static final Duration MAX_LIFETIME = Duration.ofHours(12);

	private static final int MIN_SECRET_BYTES = 32;

	private final byte[] secret;

	private final Clock clock;

	public StreamTokens(String secret) {
		this(secret, Clock.systemUTC());
	}

	public StreamTokens(String secret, Clock clock) {
		if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException("The stream token secret must be at least " + MIN_SECRET_BYTES
					+ " bytes (HS256 needs a 256-bit key)");
		}
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
		this.clock = clock;
	}

	/** A token that lets {@code userId}'s page read the user's stream for {@code lifetime}. */
	public String mint(String userId, Duration lifetime) {
		if (userId == null || userId.isBlank()) {
			throw new IllegalArgumentException("A stream token needs a user id");
		}
		if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
			throw new IllegalArgumentException("A stream token lives between 1 s and " + MAX_LIFETIME);
		}
		Instant now = clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId)
			.audience(AUDIENCE)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(lifetime)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		try {
			jwt.sign(new MACSigner(secret));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign a stream token", ex);
		}
		return jwt.serialize();
	}

	/**
	 * Checks that {@code token} is a valid, unexpired stream token for {@code userId}.
	 *
	 * @throws InvalidTokenException saying why it is not
	 */
	public void verify(String token, String userId) {
		if (token == null || token.isBlank()) {
			throw new InvalidTokenException("no stream token");
		}
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse(token);
			if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(secret))) {
				throw new InvalidTokenException("the stream token's signature is not valid");
			}
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException | JOSEException ex) {
			throw new InvalidTokenException("the stream token is not a signed JWT");
		}
		List<String> audience = claims.getAudience();
		if (audience == null || !audience.contains(AUDIENCE)) {
			throw new InvalidTokenException("the stream token is not for " + AUDIENCE);
		}
		Date expires = claims.getExpirationTime();
		if (expires == null || !expires.toInstant().isAfter(clock.instant())) {
			throw new InvalidTokenException("the stream token has expired");
		}
		Date issued = claims.getIssueTime();
		if (issued == null || Duration.between(issued.toInstant(), expires.toInstant()).compareTo(MAX_LIFETIME) > 0) {
			throw new InvalidTokenException("the stream token lives longer than " + MAX_LIFETIME);
		}
		if (!userId.equals(claims.getSubject())) {
			throw new InvalidTokenException("the stream token is for another user");
		}
	}

	/** A stream token that does not let its bearer read the stream, and why. */
	public static final class InvalidTokenException extends RuntimeException {

		public InvalidTokenException(String reason) {
			super(reason);
		}

	}

}
