package dev.logtally.source;

/**
 * What a window's reader hands to the step: a record, or a {@link PartMark} that delimits a part of the window the
 * reader may read again from its start.
 *
 * <p>A reader pages a part of its window (an SCF slice, an RDS listing, a legacy window) by offset, and hands records
 * on as pages arrive, so that memory stays one page and a restart re-reads at most a chunk. When the source's count of
 * the part moves while it is paged, offsets have shifted: records handed on may repeat and others may have been
 * skipped. The reader then hands on {@link PartMark#REREAD} and reads the part again from its start; the duplicate
 * filter and the staging writer take back what they had of the part, so the window holds every record of the part
 * once, in the order of the read that held still.
 */
public sealed interface WindowItem permits ExportRecord, PartMark {

}
