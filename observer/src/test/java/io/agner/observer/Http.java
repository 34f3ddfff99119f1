package io.agner.observer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request over a plain socket, for tests that must send what a browser or an
 * attacker would (any Host, Origin or Sec-Fetch-Site header: java.net.http refuses to set Host).
 */
final class Http {

    record Response(int status, Map<String, String> headers, String body) {}

    private Http() {}

    static Response request(InetSocketAddress to, String method, String target, Map<String, String> headers, byte[] body) {
        try (Socket s = new Socket()) {
            s.connect(to, 5_000);
            s.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            Map<String, String> all = new LinkedHashMap<>();
            all.put("Host", "127.0.0.1:" + to.getPort());
            all.putAll(headers);
            all.put("Connection", "close");
            all.put("Content-Length", String.valueOf(body.length));
            all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(new java.io.BufferedInputStream(s.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Response get(InetSocketAddress to, String target, Map<String, String> headers) {
        return request(to, "GET", target, headers, new byte[0]);
    }

    /** Reads one response: the head, then a body by Content-Length or chunks (the server may keep the connection open). */
    private static Response read(InputStream in) throws IOException {
        String[] status = line(in).split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.merge(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip(), (x, y) -> x + ", " + y);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16); size > 0;
                 size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Response(Integer.parseInt(status[1]), headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** A query parameter's value, encoded (a pid's angle brackets may not appear raw in a request line). */
    static String enc(Object value) {
        return java.net.URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
    }

    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
