package io.sendtime.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection to a server on loopback, for a load generator: a GET written as bytes, the answer's
 * status read and its body skipped (Content-Length or chunked). A few microseconds of client CPU a request, where the
 * JDK's HttpClient takes several times that and would measure itself on a 2-core machine rather than the server.
 * One thread per connection.
 */
final class LoopbackHttp implements AutoCloseable {

    private final String host;
    private final int port;
    private final byte[] headers;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] skip = new byte[16 * 1024];

    LoopbackHttp(int port, String authorization) {
        this.host = "127.0.0.1";
        this.port = port;
        this.headers = (" HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: " + authorization
                + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** GETs {@code path} and returns the status; the connection is reopened after a failure. */
    int get(byte[] path) throws IOException {
        try {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), 5_000);
                socket.setSoTimeout(60_000);
                in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                out = socket.getOutputStream();
            }
            byte[] request = new byte[4 + path.length + headers.length];
            System.arraycopy("GET ".getBytes(StandardCharsets.US_ASCII), 0, request, 0, 4);
            System.arraycopy(path, 0, request, 4, path.length);
            System.arraycopy(headers, 0, request, 4 + path.length, headers.length);
            out.write(request);
            return readAnswer();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private int readAnswer() throws IOException {
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                closes = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
                skip(size);
                line();
            }
            line();
        } else if (length > 0) {
            skip(length);
        }
        if (closes) {
            close();
        }
        return code;
    }

    private void skip(long bytes) throws IOException {
        while (bytes > 0) {
            int n = in.read(skip, 0, (int) Math.min(skip.length, bytes));
            if (n < 0) {
                throw new IOException("the server closed the connection mid-answer");
            }
            bytes -= n;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the server closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
            socket = null;
        }
    }
}
