package com.hostflow.modules.vmmanager6;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import feign.Headers;
import feign.Param;
import feign.RequestLine;

/**
 * VMmanager 6's REST API as far as HostFlow uses it (auth v4, vm v3). JSON field names are snake_case (the client's
 * ObjectMapper maps {@code ramMib} to {@code ram_mib}). {@code where} filters are passed already encoded so that
 * {@code +}, quotes and parentheses go out as real clients send them.
 */
interface VmManager6Api {

    String TOKEN = "x-xsrf-token: {token}";

    @RequestLine("POST /auth/v4/public/token")
    @Headers("Content-Type: application/json")
    Token login(Credentials credentials);

    @RequestLine("GET /vm/v3/cluster")
    @Headers(TOKEN)
    Page<Cluster> clusters(@Param("token") String token);

    @RequestLine("GET /vm/v3/account?where={where}")
    @Headers(TOKEN)
    Page<Account> accounts(@Param("token") String token, @Param(value = "where", encoded = true) String where);

    @RequestLine("POST /vm/v3/account")
    @Headers({TOKEN, "Content-Type: application/json"})
    Created createAccount(@Param("token") String token, NewAccount account);

    @RequestLine("GET /vm/v3/preset")
    @Headers(TOKEN)
    Page<Preset> presets(@Param("token") String token);

    @RequestLine("POST /vm/v3/preset")
    @Headers({TOKEN, "Content-Type: application/json"})
    Created createPreset(@Param("token") String token, NewPreset preset);

    @RequestLine("GET /vm/v3/os")
    @Headers(TOKEN)
    Page<Os> osImages(@Param("token") String token);

    @RequestLine("GET /vm/v3/host?where={where}")
    @Headers(TOKEN)
    Page<Host> hosts(@Param("token") String token, @Param(value = "where", encoded = true) String where);

    @RequestLine("GET /vm/v3/host/{id}")
    @Headers(TOKEN)
    Host host(@Param("token") String token, @Param("id") long id);

    @RequestLine("GET /vm/v3/host/{id}/ipv4")
    @Headers(TOKEN)
    Page<Ipv4> addresses(@Param("token") String token, @Param("id") long id);

    @RequestLine("POST /vm/v3/host")
    @Headers({TOKEN, "Content-Type: application/json"})
    CreatedHost createHost(@Param("token") String token, NewHost host);

    @RequestLine("POST /vm/v3/host/{id}/stop")
    @Headers({TOKEN, "Content-Type: application/json"})
    TaskRef stop(@Param("token") String token, @Param("id") long id, Map<String, Object> body);

    @RequestLine("POST /vm/v3/host/{id}/start")
    @Headers({TOKEN, "Content-Type: application/json"})
    TaskRef start(@Param("token") String token, @Param("id") long id, Map<String, Object> body);

    @RequestLine("DELETE /vm/v3/host/{id}")
    @Headers(TOKEN)
    TaskRef delete(@Param("token") String token, @Param("id") long id);

    @RequestLine("POST /vm/v3/host/{id}/resource")
    @Headers({TOKEN, "Content-Type: application/json"})
    TaskRef changeResources(@Param("token") String token, @Param("id") long id, ResourceChange change);

    @RequestLine("POST /vm/v3/disk/{diskId}")
    @Headers({TOKEN, "Content-Type: application/json"})
    TaskRef resizeDisk(@Param("token") String token, @Param("diskId") long diskId, DiskResize resize);

    @RequestLine("POST /vm/v3/host/{id}/ip")
    @Headers({TOKEN, "Content-Type: application/json"})
    TaskRef addAddresses(@Param("token") String token, @Param("id") long id, AddressChange change);

    @RequestLine("POST /vm/v3/host/{id}/password")
    @Headers({TOKEN, "Content-Type: application/json"})
    TaskRef changePassword(@Param("token") String token, @Param("id") long id, PasswordChange change);

    @RequestLine("GET /vm/v3/task?where={where}")
    @Headers(TOKEN)
    Page<Task> tasks(@Param("token") String token, @Param(value = "where", encoded = true) String where);

    record Credentials(String email, String password) {
    }

    record Token(String id, String token) {
    }

    /** A list answer, {@code {"last_notify":N,"list":[...]}}; a {@code null} in the list is no item. */
    record Page<T>(List<T> list) {

        public Page {
            if (list == null) {
                throw new IllegalArgumentException("the answer has no 'list'");
            }
            list = list.stream().filter(java.util.Objects::nonNull).toList();
        }
    }

    record Created(Long id) {
    }

    record Cluster(long id, String name) {
    }

    record Account(long id, String email, List<String> roles) {
    }

    record NewAccount(String email, String password, String role) {
    }

    record Preset(long id, String name) {
    }

    /** A value left out is VMmanager's own default for a preset. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NewPreset(String name, Long cpuNumber, Long ramMib, Long hddMib) {
    }

    record Os(long id, String name) {
    }

    record Host(Long id, String name, String state, String comment, String domain, Long cpuNumber, Long ramMib,
            Disk disk, Ref node, Ref cluster, Ref account, List<Ip> ip4) {
    }

    /** An address as the host's view lists it ({@code ip4: [{"ip": ...}]}). */
    record Ip(String ip) {
    }

    record Disk(long id, long diskMib) {
    }

    record Ref(Long id, String name, String email) {
    }

    record Ipv4(Long id, String ipAddr) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NewHost(String name, String password, long cluster, long os, long account, String comment, String domain,
            Long preset, Long cpuNumber, Long ramMib, Long hddMib, Long ipv4Number, Boolean ipv6Enabled, Long recipe,
            List<Interface> customInterfaces) {
    }

    record Interface(String model, boolean isMainNetwork, long ipCount) {
    }

    record CreatedHost(Long id, Long task) {
    }

    record TaskRef(Long id, Long task) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ResourceChange(Long cpuNumber, Long ramMib) {
    }

    record DiskResize(long sizeMib) {
    }

    record AddressChange(long ipv4Number) {
    }

    record PasswordChange(String password) {

        @Override
        public String toString() {
            return "PasswordChange[password=[hidden]]";
        }
    }

    record Task(Long id, Long consulId, String name, String status, String output, JsonNode deferReason) {
    }
}
