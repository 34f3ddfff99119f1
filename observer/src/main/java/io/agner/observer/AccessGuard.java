package io.agner.observer;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Lets through only the node's owner, on every request, in this order:
 * <ol>
 *   <li>the {@code Host} header must be {@code 127.0.0.1:<port>} or {@code localhost:<port>},
 *       else 403: a page on another site that rebinds its DNS name to 127.0.0.1 cannot read
 *       answers (DNS rebinding);</li>
 *   <li>the token, from the {@code token} query parameter, the {@value #COOKIE} cookie or the
 *       {@value #HEADER} header, else 401. A valid query token sets the cookie (HttpOnly,
 *       SameSite=Strict), so links within the pages need not carry it;</li>
 *   <li>a state-changing request (any method but GET and HEAD: kill, trace, load, purge) needs the
 *       token in the {@value #HEADER} header — a cookie alone does not do, as a cross-site form
 *       could send it — and must not come from another site: {@code Sec-Fetch-Site}, when the
 *       browser sends it, must be {@code same-origin}, and {@code Origin}, when sent, this
 *       server's; else 403.</li>
 * </ol>
 * Stateless apart from the token and port; thread-safe.
 */
final class AccessGuard implements Filter {

    static final String COOKIE = "agner_observer";
    static final String HEADER = "X-Agner-Token";
    /** The pages load and talk to this server only, and no other page may frame them. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final Token token;
    private final IntSupplier port;

    AccessGuard(Token token, IntSupplier port) {
        this.token = token;
        this.port = port;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Set<String> origins = Set.of("127.0.0.1:" + port.getAsInt(), "localhost:" + port.getAsInt());
        String host = req.headers().first(HeaderNames.HOST).orElse("");
        if (!origins.contains(host.toLowerCase())) {
            res.status(Status.FORBIDDEN_403).send("refused: Host '" + host + "' is not this observer's (127.0.0.1 or localhost with its port)");
            return;
        }
        Optional<String> fromQuery = req.query().first("token").asOptional();
        Optional<String> fromHeader = req.headers().first(HeaderNames.create(HEADER));
        Optional<String> fromCookie = req.headers().cookies().first(COOKIE).asOptional();
        boolean queryOk = fromQuery.filter(token::matches).isPresent();
        boolean headerOk = fromHeader.filter(token::matches).isPresent();
        if (!queryOk && !headerOk && fromCookie.filter(token::matches).isEmpty()) {
            res.status(Status.UNAUTHORIZED_401).send("unauthorized: open the URL that 'bin/agner observer' prints (it carries the token)");
            return;
        }
        Method method = req.prologue().method();
        if (method != Method.GET && method != Method.HEAD) {
            if (!headerOk) {
                res.status(Status.FORBIDDEN_403).send("refused: a change needs the token in the " + HEADER + " header");
                return;
            }
            String site = req.headers().first(HeaderNames.create("Sec-Fetch-Site")).orElse("same-origin");
            String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
            if (!site.equals("same-origin") || (origin != null && !origins.contains(origin.replaceFirst("^http://", "")))) {
                res.status(Status.FORBIDDEN_403).send("refused: cross-site request");
                return;
            }
        }
        if (queryOk) {
            res.header("Set-Cookie", COOKIE + "=" + token.value() + "; Path=/; HttpOnly; SameSite=Strict");
        }
        res.header("Cache-Control", "no-store");
        res.header("Referrer-Policy", "no-referrer");
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Content-Security-Policy", CSP);
        chain.proceed();
    }
}
