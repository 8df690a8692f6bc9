package dev.logtally.scaleout;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PartitionMessageTest {

	@Test
	void aRequestSurvivesTheWire() {
		PartitionMessage sent = new PartitionMessage("exportWindow", 42);

		assertThat(PartitionMessage.fromJson(sent.toJson(), "q")).isEqualTo(sent);
	}

	@Test
	void whatIsNotAPartitionRequestIsRefusedNamingTheQueue() {
		for (String text : new String[] { "", "not json", "{}", "{\"step\":\"exportWindow\"}",
				"{\"step\":\"\",\"stepExecution\":3}", "{\"step\":\"x\",\"stepExecution\":-1}", "[1,2]",
				"{\"step\":\"x\",\"stepExecution\":\"DROP TABLE\"}" }) {
			assertThatIllegalArgumentException().as(text)
				.isThrownBy(() -> PartitionMessage.fromJson(text, "logtally.partitions.job"))
				.withMessageStartingWith("a message on queue logtally.partitions.job is not a partition request");
		}
	}

}
