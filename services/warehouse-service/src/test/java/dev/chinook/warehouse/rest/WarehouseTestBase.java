package dev.chinook.warehouse.rest;

import dev.chinook.localcloud.aws.LocalCloud;
import dev.chinook.testing.InjectLocalCloud;
import dev.chinook.testing.LocalCloudTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** What the service's tests share: one local-cloud configured for the warehouse, with an operator token. */
@QuarkusTestResource(
        value = LocalCloudTestResource.class,
        restrictToAnnotatedClass = false,
        initArgs = {
            @ResourceArg(name = LocalCloudTestResource.SERVICE, value = "warehouse"),
            @ResourceArg(name = "chinook.warehouse.operator-token", value = WarehouseTestBase.TOKEN)
        })
abstract class WarehouseTestBase {

    static final String TOKEN = "test-operator-token";

    @InjectLocalCloud
    LocalCloud cloud;
}
