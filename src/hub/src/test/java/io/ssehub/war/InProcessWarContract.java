package io.ssehub.war;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssehub.testing.LiveThreads;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A server in this JVM, where undeploying can be checked for threads left behind. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class InProcessWarContract extends DeployedWarContract {

    /** Removes the application from the running server. */
    abstract void undeploy() throws Exception;

    /** Deploys the WAR again at the same path. */
    abstract void redeploy() throws Exception;

    /** Runs last: it takes the deployment the other tests use down and puts it back twice. */
    @Test
    @Order(Integer.MAX_VALUE)
    void undeployAndTwoRedeploysLeaveNoHubThreadBehind() throws Exception {
        for (int round = 0; round < 2; round++) {
            undeploy();
            await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(), LiveThreads.ofHubs()));

            redeploy();
            awaitSubscribers(0);
            assertEquals(200, get("health").statusCode(), "redeployed and serving");
        }
        undeploy();
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(), LiveThreads.ofHubs()));
    }
}
