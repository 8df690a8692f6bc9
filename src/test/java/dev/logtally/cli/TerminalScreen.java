package dev.logtally.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What a terminal shows for the bytes a process wrote: carriage returns go back to the line's start, erase-to-end
 * (ESC [K) blanks the rest, a newline starts a new line. Enough of a terminal to see glued or left-over frames.
 */
final class TerminalScreen {

	private TerminalScreen() {
	}

	static List<String> render(String written) {
		List<String> lines = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		int column = 0;
		for (int i = 0; i < written.length(); i++) {
			char c = written.charAt(i);
			if (c == '\n') {
				lines.add(current.toString());
				current.setLength(0);
				column = 0;
			}
			else if (c == '\r') {
				column = 0;
			}
			else if (c == '\u001b' && written.startsWith("[K", i + 1)) {
				current.setLength(column);
				i += 2;
			}
			else {
				if (column < current.length()) {
					current.setCharAt(column, c);
				}
				else {
					current.append(c);
				}
				column++;
			}
		}
		if (!current.isEmpty()) {
			lines.add(current.toString());
		}
		return lines;
	}

}
