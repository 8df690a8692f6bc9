package dev.logtally.sandbox.rds;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test-only: an RDS API answer, parsed by its shape: an error object, a {@code ListAuditlogs} page or a link batch.
 * @param requestId the {@code X-Request-Id} header
 * @param bodyRequestId {@code request_id} in an error body (gateway errors only), else {@code null}
 * @param totalRecord {@code total_record}, or -1 if the answer has none
 */
record RdsReply(int status, String errorCode, String errorMessage, String requestId, String bodyRequestId,
		List<Listed> auditlogs, int totalRecord, List<String> links, HttpResponse<String> response) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One listed file as it came over the wire; {@code size} kept as the decimal written. */
	record Listed(String id, String name, BigDecimal size, String beginTime, String endTime) {

		/** Whether it is this dataset file, field for field. */
		boolean describes(AuditFile file) {
			return this.id.equals(file.id()) && this.name.equals(file.name())
					&& this.size.compareTo(BigDecimal.valueOf(file.sizeKb())) == 0
					&& OffsetDateTime.parse(this.beginTime, AuditlogQuery.TIME).toInstant().equals(file.begin())
					&& OffsetDateTime.parse(this.endTime, AuditlogQuery.TIME).toInstant().equals(file.end());
		}

	}

	static RdsReply of(HttpResponse<String> response) {
		String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
		JsonNode root = JSON.readTree(response.body());
		if (response.statusCode() != 200) {
			JsonNode bodyRequestId = root.get("request_id");
			return new RdsReply(response.statusCode(), root.get("error_code").stringValue(),
					root.get("error_msg").stringValue(), requestId,
					(bodyRequestId == null) ? null : bodyRequestId.stringValue(), List.of(), -1, List.of(), response);
		}
		List<Listed> auditlogs = new ArrayList<>();
		if (root.has("auditlogs")) {
			for (JsonNode file : root.get("auditlogs")) {
				if (!file.get("size").isNumber()) {
					throw new AssertionError("size is not a JSON number: " + file);
				}
				auditlogs.add(new Listed(file.get("id").stringValue(), file.get("name").stringValue(),
						file.get("size").decimalValue(), file.get("begin_time").stringValue(),
						file.get("end_time").stringValue()));
			}
		}
		List<String> links = new ArrayList<>();
		if (root.has("links")) {
			root.get("links").forEach((link) -> links.add(link.stringValue()));
		}
		int total = root.has("total_record") ? root.get("total_record").intValue() : -1;
		return new RdsReply(200, null, null, requestId, null, List.copyOf(auditlogs), total, List.copyOf(links),
				response);
	}

	boolean ok() {
		return this.status == 200;
	}

	List<String> ids() {
		return this.auditlogs.stream().map(Listed::id).toList();
	}

	@Override
	public String toString() {
		return ok() ? "RdsReply[" + this.auditlogs.size() + " of " + this.totalRecord + ", links=" + this.links.size() + "]"
				: "RdsReply[" + this.status + " " + this.errorCode + ": " + this.errorMessage + "]";
	}

}
