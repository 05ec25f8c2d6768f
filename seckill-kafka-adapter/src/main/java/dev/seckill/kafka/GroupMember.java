package dev.seckill.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's name in the order consumers' group ({@code kafka.instanceId}): the configured one, else this host and
 * HTTP port, which stay the same when the instance restarts and differ between instances (a container keeps its host
 * name across restarts; two instances on one host differ by port). A restarted instance then takes its partitions back
 * at once instead of waiting out its old member's session.
 */
public final class GroupMember {

    private static final Logger LOG = LoggerFactory.getLogger(GroupMember.class);

    private GroupMember() {}

    /** The settings with this instance's name in the group, for an instance whose HTTP port is {@code port}. */
    public static KafkaSettings named(KafkaSettings kafka, int port) {
        KafkaSettings member = kafka;
        if (kafka.instanceId().isEmpty() && port == 0) {
            LOG.info("server.port is 0 (any free port) and kafka.instanceId is not set: the order consumer joins its"
                    + " group as a dynamic member, and a restart waits out its old member's session");
        } else if (kafka.instanceId().isEmpty()) {
            member = kafka.withInstanceId("seckill-" + hostName() + "-" + port);
        }
        LOG.info(
                "the order consumer joins group {} as {}",
                member.consumerGroup(),
                member.instanceId().isEmpty() ? "a dynamic member" : "static member " + member.instanceId());
        return member;
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
