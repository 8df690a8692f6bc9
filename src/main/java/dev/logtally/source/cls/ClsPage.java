package dev.logtally.source.cls;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What one {@code SearchLog} answer held.
 * @param context the cursor of the next page, or {@code null} when the answer gave none
 * @param listOver whether CLS says every matching log has been returned
 */
public record ClsPage(List<ClsLog> logs, @Nullable String context, boolean listOver) {

	public ClsPage {
		logs = List.copyOf(logs);
	}

}
