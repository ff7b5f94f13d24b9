package com.hostflow.simulator.vmmanager6;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import jakarta.servlet.http.HttpServletRequest;

/** VMmanager 6's REST paths (auth v4, vm v3) over the in-memory {@link VmManager6Simulator}. */
@RestController
@RequestMapping(SimulatorApiController.BASE_PATH)
@ConditionalOnProperty(name = "hostflow.simulator.enabled", havingValue = "true")
class SimulatorApiController {

    static final String BASE_PATH = "/simulator/vmmanager6";

    private final VmManager6Simulator simulator;

    SimulatorApiController(VmManager6Simulator simulator) {
        this.simulator = simulator;
    }

    @PostMapping("/auth/v4/public/token")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> login(@RequestBody JsonNode body) {
        return simulator.login(body.path("email").asText(null), body.path("password").asText(null));
    }

    @GetMapping("/vm/v3/account")
    Map<String, Object> accounts(HttpServletRequest request) {
        return simulator.accounts(where(request));
    }

    @PostMapping("/vm/v3/account")
    Map<String, Object> createAccount(@RequestBody JsonNode body) {
        return simulator.createAccount(body);
    }

    @GetMapping("/vm/v3/preset")
    Map<String, Object> presets(HttpServletRequest request) {
        return simulator.presets(where(request));
    }

    @GetMapping("/vm/v3/preset/{id}")
    Map<String, Object> preset(@PathVariable long id) {
        return simulator.preset(id);
    }

    @PostMapping("/vm/v3/preset")
    Map<String, Object> createPreset(@RequestBody JsonNode body) {
        return simulator.createPreset(body);
    }

    @GetMapping("/vm/v3/os")
    Map<String, Object> os(HttpServletRequest request) {
        return simulator.osList(where(request));
    }

    @GetMapping("/vm/v3/cluster")
    Map<String, Object> clusters(HttpServletRequest request) {
        return simulator.clusters(where(request));
    }

    @GetMapping("/vm/v3/node")
    Map<String, Object> nodes(HttpServletRequest request) {
        return simulator.nodes(where(request));
    }

    @GetMapping("/vm/v3/ippool")
    Map<String, Object> ippools(HttpServletRequest request) {
        return simulator.ippools(where(request));
    }

    @GetMapping("/vm/v3/host")
    Map<String, Object> hosts(HttpServletRequest request) {
        return simulator.hosts(where(request));
    }

    @PostMapping("/vm/v3/host")
    Map<String, Object> createHost(@RequestBody JsonNode body) {
        return simulator.createHost(body);
    }

    @GetMapping("/vm/v3/host/{id}")
    Map<String, Object> host(@PathVariable long id) {
        return simulator.host(id);
    }

    @GetMapping("/vm/v3/host/{id}/ipv4")
    Map<String, Object> hostIpv4(@PathVariable long id) {
        return simulator.hostIpv4(id);
    }

    @PostMapping("/vm/v3/host/{id}/stop")
    Map<String, Object> stop(@PathVariable long id, @RequestBody(required = false) JsonNode ignored) {
        return simulator.stopHost(id);
    }

    @PostMapping("/vm/v3/host/{id}/start")
    Map<String, Object> start(@PathVariable long id, @RequestBody(required = false) JsonNode ignored) {
        return simulator.startHost(id);
    }

    @PostMapping("/vm/v3/host/{id}/restart")
    Map<String, Object> restart(@PathVariable long id, @RequestBody(required = false) JsonNode ignored) {
        return simulator.restartHost(id);
    }

    @DeleteMapping("/vm/v3/host/{id}")
    Map<String, Object> delete(@PathVariable long id) {
        return simulator.deleteHost(id);
    }

    @PostMapping("/vm/v3/host/{id}/resource")
    Map<String, Object> resource(@PathVariable long id, @RequestBody JsonNode body) {
        return simulator.changeResources(id, body);
    }

    @PostMapping("/vm/v3/disk/{diskId}")
    Map<String, Object> disk(@PathVariable long diskId, @RequestBody JsonNode body) {
        return simulator.resizeDisk(diskId, body);
    }

    @PostMapping("/vm/v3/host/{id}/ip")
    Map<String, Object> addAddresses(@PathVariable long id, @RequestBody(required = false) JsonNode body) {
        return simulator.addAddresses(id, body == null ? JsonNodeFactory.instance.objectNode() : body);
    }

    @PostMapping("/vm/v3/host/{id}/password")
    Map<String, Object> changePassword(@PathVariable long id, @RequestBody JsonNode body) {
        return simulator.changePassword(id, body);
    }

    @GetMapping("/vm/v3/task")
    Map<String, Object> tasks(HttpServletRequest request) {
        return simulator.tasks(where(request));
    }

    private static WhereFilter where(HttpServletRequest request) {
        String raw = WhereFilter.rawParameter(request.getQueryString(), "where");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return WhereFilter.parse(raw);
        } catch (IllegalArgumentException e) {
            throw SimulatorException.invalid("Invalid where: " + e.getMessage());
        }
    }
}
