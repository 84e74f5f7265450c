package io.onramp.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import io.onramp.capture.EventController.RequestRefusedException;

/**
 * Reads a request body up to a limit, gunzipping it when it says {@code Content-Encoding: gzip}; a body
 * over the limit, before or after decompression (a zip bomb stops at the limit), is refused with 413
 * without reading the rest.
 */
final class RequestBodies {

	private RequestBodies() {
	}

	static byte[] read(HttpServletRequest request, long limit) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			throw tooLarge(limit);
		}
		String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
		InputStream in = request.getInputStream();
		if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.strip())) {
			if (!"gzip".equalsIgnoreCase(encoding.strip())) {
				throw new RequestRefusedException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content encoding",
						"Content-Encoding " + encoding + " is not supported; send gzip or nothing");
			}
			byte[] compressed = bounded(in, limit);
			try {
				return bounded(new GZIPInputStream(new java.io.ByteArrayInputStream(compressed)), limit);
			}
			catch (ZipException ex) {
				throw new RequestRefusedException(HttpStatus.BAD_REQUEST, "Invalid event",
						"the body says Content-Encoding gzip but is not gzip: " + ex.getMessage());
			}
		}
		return bounded(in, limit);
	}

	private static byte[] bounded(InputStream in, long limit) throws IOException {
		byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
		if (body.length > limit) {
			throw tooLarge(limit);
		}
		return body;
	}

	private static RequestRefusedException tooLarge(long limit) {
		return new RequestRefusedException(HttpStatus.CONTENT_TOO_LARGE, "Request too large",
				"the body is larger than " + limit + " bytes; send fewer events per request");
	}

}
