package dev.tether.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.approval.PendingApprovals;
import dev.tether.server.http.ApiError;
import dev.tether.server.http.Fields;
import dev.tether.server.http.Json;
import dev.tether.server.http.Routes;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.UUID;

/**
 * {@code POST /sessions/{id}/approvals/{call_id}} with {@code {"approve": true|false}}: the user's answer to a
 * {@code tool_approval} event of that session's running turn. 404 when no such call is waiting (already answered,
 * timed out, or never asked).
 */
final class ApprovalService implements HttpService {

    private final PendingApprovals pending;
    private final long maxBodyBytes;

    ApprovalService(PendingApprovals pending, long maxBodyBytes) {
        this.pending = pending;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules).post("/sessions/{id}/approvals/{callId}", this::decide).otherMethodsNotAllowed();
    }

    private void decide(ServerRequest req, ServerResponse res) {
        UUID session = Fields.uuid(req.path().pathParameters().get("id"), "session id");
        String callId = req.path().pathParameters().get("callId");
        ObjectNode body = Json.readObject(req, maxBodyBytes);
        boolean approve = Fields.bool(body, "approve")
                .orElseThrow(() -> ApiError.badRequest("missing_field", "approve (true or false) is required"));
        String scope = Fields.string(body, "scope").orElse("once");
        if (!scope.equals("once") && !scope.equals("chat")) {
            throw ApiError.badRequest("invalid_field", "scope must be once or chat, was '" + scope + "'");
        }
        if (!pending.decide(session, callId, approve, scope.equals("chat"))) {
            throw ApiError.notFound(
                    "approval_not_found", "no tool call " + callId + " is waiting for approval in session " + session);
        }
        Json.ok(
                res,
                Json.object().put("call_id", callId).put("approved", approve).put("scope", scope));
    }
}
