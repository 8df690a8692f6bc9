package dev.logtally.scaleout;

import java.util.Map;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WorkerBrokerTest {

	@Test
	void eachSpecHasItsOwnQueue() {
		assertThat(WorkerBroker.of("--workers", "tcp://broker:61616", "scf-functions").queue())
			.isEqualTo("logtally.partitions.scf-functions");
	}

	@Test
	void consumersBufferNoMessagesSoThatWindowsGoToWorkersWithRoom() throws Exception {
		try (ActiveMQConnectionFactory factory = WorkerBroker.of("--workers", "tcp://broker:61616?sslEnabled=true",
				"job").connectionFactory(Map.of("LOGTALLY_BROKER_USER", "manager", "LOGTALLY_BROKER_PASSWORD", "pw"))) {
			assertThat(factory.getConsumerWindowSize()).isZero();
			assertThat(factory.getUser()).isEqualTo("manager");
			assertThat(factory.getPassword()).isEqualTo("pw");
		}
	}

	@Test
	void aUrlThatIsNotABrokersIsRefusedNamingTheOption() {
		assertThatIllegalArgumentException().isThrownBy(() -> WorkerBroker.of("--workers", "http://broker:61616", "job"))
			.withMessage("--workers http://broker:61616: expected the broker's tcp://host:port (ActiveMQ Artemis "
					+ "acceptor)");
		assertThatIllegalArgumentException().isThrownBy(() -> WorkerBroker.of("--broker", "tcp://broker", "job"))
			.withMessageStartingWith("--broker tcp://broker: expected");
		assertThatIllegalArgumentException().isThrownBy(() -> WorkerBroker.of("--broker", "tcp://bro ker:1", "job"))
			.withMessageStartingWith("--broker tcp://bro ker:1: not a URL");
	}

	@Test
	void credentialsInTheUrlAreRefusedWithoutRepeatingThem() {
		for (String url : new String[] { "tcp://admin:s3cret@broker:61616", "tcp://broker:61616?user=admin&password=s3cret",
				"tcp://broker:61616?PASSWORD=s3cret" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> WorkerBroker.of("--workers", url, "job"))
				.withMessageContaining("must not hold credentials")
				.withMessageContaining("LOGTALLY_BROKER_PASSWORD")
				.withMessageNotContaining("s3cret");
		}
	}

}
