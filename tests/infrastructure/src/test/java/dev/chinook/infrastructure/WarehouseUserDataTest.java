package dev.chinook.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warehouse instance's first boot: its CloudWatch agent file follows the agent's schema, and no failure is hidden. */
class WarehouseUserDataTest {

    static final Path MODULE =
            Path.of("../../terraform/modules/warehouse").toAbsolutePath().normalize();

    private static List<Error> validate(String agentConfig) throws IOException {
        try (InputStream schemaJson =
                WarehouseUserDataTest.class.getResourceAsStream("/cloudwatch-agent-logs.schema.json")) {
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                    .getSchema(schemaJson);
            JsonNode config = new ObjectMapper().readTree(agentConfig);
            return schema.validate(config);
        }
    }

    private static String rendered() throws IOException {
        return Files.readString(MODULE.resolve("cloudwatch-agent.json.tftpl"))
                .replace("${log_group}", "/chinook/warehouse-service");
    }

    @Test
    void theRenderedAgentFileFollowsTheAgentsSchema() throws IOException {
        assertThat(validate(rendered())).isEmpty();
    }

    @Test
    void theSchemaCheckRefusesTheSingularUnitKeyTheAgentDoesNotKnow() throws IOException {
        String singular = rendered().replace("\"units\": [\"warehouse.service\"]", "\"unit\": \"warehouse.service\"");

        assertThat(validate(singular)).extracting(Error::getMessage).anyMatch(m -> m.contains("unit"));
    }

    @Test
    void noBootStepHidesItsFailure() throws IOException {
        String userData = Files.readString(MODULE.resolve("user-data.sh.tftpl"));

        assertThat(userData).contains("set -euo pipefail").doesNotContain("|| true");
        assertThat(userData).contains("${cloudwatch_agent_config}").contains("Restart=always");
    }
}
