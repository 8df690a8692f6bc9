package dev.logtally.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import com.aliyun.openservices.log.Client;
import com.aliyun.openservices.log.common.LogContent;
import com.aliyun.openservices.log.common.QueriedLog;
import com.aliyun.openservices.log.exception.LogException;
import com.aliyun.openservices.log.http.client.ClientConfiguration;
import com.aliyun.openservices.log.request.GetLogsRequest;
import com.aliyun.openservices.log.response.GetLogsResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * What a user would write instead of logtally: the official SLS Java SDK ({@code aliyun-log}) with its default
 * configuration, in a plain loop. For each logstore and hour, {@code GetLogs} pages of 100 by offset until a short
 * page, the same request again while the answer is Incomplete (as the SDK's documentation says), each log a CSV line
 * (time, nanosecond part, source, then the values of its contents) in one file per logstore and hour, headed by the
 * keys of its first log. No count against a histogram, no manifest, no checksum, no fsync: what a quick script does.
 *
 * <p>Run by {@link SdkLoopComparisonBenchmark} in a JVM of its own:
 * {@code SlsSdkLoop <proxy port> <project> <first hour, epoch seconds> <hours> <logstores, comma-separated> <folder>
 * <plain|gzip>}, the AccessKey pair in {@code SLS_ACCESS_KEY_ID} and {@code SLS_ACCESS_KEY_SECRET}. The SDK refuses IP
 * endpoints, so the emulator is its HTTP proxy (as in {@code AliyunLogSdkInteropTest}). Prints
 * {@code sdk-loop <logs> <requests>} at the end.
 */
public final class SlsSdkLoop {

	private static final String ENDPOINT = "cn-hangzhou.log.aliyuncs.com";

	private static final int PAGE = 100;

	private SlsSdkLoop() {
	}

	public static void main(String[] args) throws IOException, LogException {
		ClientConfiguration configuration = new ClientConfiguration();
		configuration.setProxyHost("127.0.0.1");
		configuration.setProxyPort(Integer.parseInt(args[0]));
		Client client = new Client(ENDPOINT, System.getenv("SLS_ACCESS_KEY_ID"), System.getenv("SLS_ACCESS_KEY_SECRET"),
				configuration);
		String project = args[1];
		int firstHour = Integer.parseInt(args[2]);
		int hours = Integer.parseInt(args[3]);
		Path folder = Path.of(args[5]);
		boolean gzip = "gzip".equals(args[6]);
		long logs = 0;
		long requests = 0;
		for (String logstore : args[4].split(",")) {
			Files.createDirectories(folder.resolve(logstore));
			for (int hour = 0; hour < hours; hour++) {
				int from = firstHour + hour * 3600;
				Path file = folder.resolve(logstore).resolve(from + (gzip ? ".csv.gz" : ".csv"));
				try (CSVPrinter csv = new CSVPrinter(writer(file, gzip), CSVFormat.DEFAULT)) {
					boolean headed = false;
					for (int offset = 0;; offset += PAGE) {
						GetLogsRequest request = new GetLogsRequest(project, logstore, from, from + 3600, "", "", offset,
								PAGE, false);
						GetLogsResponse response;
						do {
							response = client.GetLogs(request);
							requests++;
						}
						while (!response.IsCompleted());
						for (QueriedLog log : response.getLogs()) {
							List<LogContent> contents = log.GetLogItem().GetLogContents();
							if (!headed) {
								List<String> header = new ArrayList<>(List.of("__time__", "__time_ns_part__", "__source__"));
								contents.forEach((content) -> header.add(content.GetKey()));
								csv.printRecord(header);
								headed = true;
							}
							List<String> values = new ArrayList<>(contents.size() + 3);
							values.add(Integer.toString(log.GetLogItem().GetTime()));
							values.add(Integer.toString(log.GetLogItem().GetTimeNsPart()));
							values.add(log.GetSource());
							contents.forEach((content) -> values.add(content.GetValue()));
							csv.printRecord(values);
						}
						logs += response.getLogs().size();
						if (response.getLogs().size() < PAGE) {
							break;
						}
					}
				}
			}
		}
		client.shutdown();
		System.out.println("sdk-loop " + logs + " " + requests);
	}

	private static BufferedWriter writer(Path file, boolean gzip) throws IOException {
		OutputStream out = Files.newOutputStream(file);
		return new BufferedWriter(new OutputStreamWriter(gzip ? new GZIPOutputStream(out, 65_536) : out,
				StandardCharsets.UTF_8), 65_536);
	}

}
