package dev.logtally.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A plain-text table for terminals and logs: columns padded to their widest cell, numbers aligned right. */
public final class TextTable {

	private TextTable() {
	}

	/**
	 * @param rightAligned the indexes of the columns that hold numbers
	 * @return the header and the rows, one line each
	 */
	public static String render(List<String> header, List<List<String>> rows, Set<Integer> rightAligned) {
		List<List<String>> all = new ArrayList<>();
		all.add(header);
		all.addAll(rows);
		int[] widths = new int[header.size()];
		for (List<String> row : all) {
			for (int i = 0; i < row.size(); i++) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		StringBuilder table = new StringBuilder();
		for (List<String> row : all) {
			for (int i = 0; i < row.size(); i++) {
				String cell = row.get(i);
				String padding = " ".repeat(widths[i] - cell.length());
				table.append(i == 0 ? "" : "  ").append(rightAligned.contains(i) ? padding + cell : cell + padding);
			}
			table.append(System.lineSeparator());
		}
		return table.toString();
	}

}
