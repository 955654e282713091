package dev.deploydiagnostics.k8s.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTest {

    @Test
    void namesPermissionsTheWayAnRbacRuleGrantsThem() {
        assertThat(Access.namespaced("list", "events", "core/v1", "prod").describe())
                .isEqualTo("list events (core/v1) in namespace prod");
        assertThat(Access.namespaced("get", "pods/log", "", "prod").describe()).isEqualTo("get pods/log in namespace prod");
        assertThat(Access.cluster("get", "nodes", "core/v1").describe()).isEqualTo("get nodes (core/v1, cluster-scoped)");
        assertThat(Access.namespaced("get", "deployments", "apps/v1", "shop").describe())
                .isEqualTo("get deployments (apps/v1) in namespace shop");
    }
}
