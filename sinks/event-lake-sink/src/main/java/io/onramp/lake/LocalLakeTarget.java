package io.onramp.lake;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A lake in a local or mounted directory. A file is flushed to disk, then renamed into its partition
 * directory in one atomic step (staging is on the same file system), and the directory entry is flushed
 * too, so a reader never sees a partial file and a published file survives a power loss.
 */
final class LocalLakeTarget implements LakeTarget {

	private final Path root;

	LocalLakeTarget(Path root) {
		this.root = root.toAbsolutePath();
	}

	@Override
	public void publish(Path file, String key) throws IOException {
		force(file);
		Path destination = root.resolve(key);
		Files.createDirectories(destination.getParent());
		Files.move(file, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		force(destination.getParent());
	}

	@Override
	public String location() {
		return root.toString();
	}

	/** fsync of a file or, on POSIX systems, of a directory (which makes a rename durable). */
	static void force(Path path) throws IOException {
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
			channel.force(true);
		}
	}

}
