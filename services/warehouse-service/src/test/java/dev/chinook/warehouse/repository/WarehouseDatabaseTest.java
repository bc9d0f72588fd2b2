package dev.chinook.warehouse.repository;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Tests on a real PostgreSQL with the warehouse schema: one server per test class. */
abstract class WarehouseDatabaseTest {

    @TempDir
    static Path dir;

    static WarehouseDatabase warehouse;

    @BeforeAll
    static void startWarehouse() throws Exception {
        warehouse = new WarehouseDatabase(dir.resolve("pg"));
    }

    @AfterAll
    static void stopWarehouse() throws Exception {
        warehouse.close();
    }
}
