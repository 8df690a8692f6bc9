package dev.logtally.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;

/**
 * An output stream over a file channel that leaves the channel open when the stream is closed, so that writers and
 * compressors can be closed (and thereby finished) while the channel is still forced to disk afterwards.
 */
final class OpenChannelOutputStream extends FilterOutputStream {

	OpenChannelOutputStream(FileChannel channel) {
		super(Channels.newOutputStream(channel));
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		this.out.write(bytes, offset, length);
	}

	@Override
	public void close() throws IOException {
		flush();
	}

	static OutputStream of(FileChannel channel) {
		return new OpenChannelOutputStream(channel);
	}

}
