package io.ssehub.runtime.grizzly;

import io.ssehub.refusal.Problem;
import io.ssehub.refusal.ProblemKind;
import java.io.IOException;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContext;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpPacket;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.KeepAlive;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.MimeHeaders;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;

/**
 * Grizzly's HTTP/1.x codec with two corrections the hub needs.
 *
 * <p>Requests that offer a protocol upgrade (such as {@code Upgrade: h2c}, which the JDK
 * {@code HttpClient} sends by default) are served as the plain HTTP/1.1 requests they also are. Grizzly's
 * codec treats every request carrying an {@code Upgrade} header as already upgraded and stops decoding
 * its body, so such a POST waits for a body that never arrives. The hub upgrades to nothing, and RFC 9110
 * section 7.8 lets a server ignore the offer.
 *
 * <p>A response to an HTTP/1.0 request is never chunked: an HTTP/1.0 client cannot undo the coding
 * (RFC 9112 section 6.1: chunked must not be sent to it) and would read chunk sizes as content. Jersey
 * asks for chunking on every stream whatever the request's version; here such a response is delimited
 * by closing the connection instead, which HTTP/1.0 clients and proxies understand.
 *
 * <p>Every {@code Content-Length} header a request carried is counted as it is parsed, before Grizzly
 * can drop it: when a {@code Transfer-Encoding: chunked} header comes after it, Grizzly removes the
 * length from the request's headers, and {@link RequestFraming} could no longer see that the request
 * said two ways where its body ends.
 *
 * <p>A header name must be a token: see {@link #requireTokenCharacter}.
 *
 * <p>A request Grizzly cannot parse (a malformed request line, header or length) is refused by Grizzly itself,
 * before any handler sees it; its answer carries the same RFC 9457 problem body as every other refusal, not
 * Grizzly's empty one.
 */
final class HubHttpCodec extends HttpServerFilter {

    private final ConnectionDrain drain;

    HubHttpCodec(boolean chunkingEnabled, int maxHeaderSize, KeepAlive keepAlive, int maxRequestHeaders,
                 int maxResponseHeaders, ConnectionDrain drain) {
        super(chunkingEnabled, maxHeaderSize, null, keepAlive, null, maxRequestHeaders, maxResponseHeaders);
        this.drain = drain;
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        drain.idle(ctx.getConnection());
        return super.handleAccept(ctx);
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (DetachedStreams.isDetached(ctx.getConnection())) {
            // A client that sends anything while its stream is open (a request pipelined behind a stream
            // that never ends) would get an answer in the middle of the stream's chunks: it loses the
            // connection instead, after what is queued for it.
            ctx.getConnection().closeSilently();
            return ctx.getStopAction();
        }
        drain.busy(ctx.getConnection());
        return super.handleRead(ctx);
    }

    /** A response is complete: the connection is idle, or, while the server stops, closed (see {@link ConnectionDrain}). */
    @Override
    public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
        boolean responseComplete = event.type() == HttpEvents.ResponseCompleteEvent.TYPE;
        if (responseComplete && DetachedStreams.isDetached(ctx.getConnection())) {
            // The request is complete but its stream goes on: the connection is neither idle (a stop ends the
            // stream before it closes it) nor waiting for a next request (no keep-alive timeout closes it).
            return ctx.getStopAction();
        }
        if (responseComplete && drain.isDraining()) {
            HttpContext.get(ctx).getRequest().getProcessingState().setKeepAlive(false);
        }
        NextAction next = super.handleEvent(ctx, event);
        Connection<?> connection = ctx.getConnection();
        if (responseComplete && connection.isOpen() && HttpContext.get(ctx).getRequest().getProcessingState().isKeepAlive()) {
            drain.idle(connection);
        }
        return next;
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        drain.busy(ctx.getConnection());
        return super.handleClose(ctx);
    }

    @Override
    protected void onIncomingUpgrade(FilterChainContext ctx, HttpHeader httpHeader) {
        httpHeader.getUpgradeDC().recycle();
    }

    /**
     * How many {@code Content-Length} headers the request carried, as parsed: an attribute of the request's
     * packet (cleared when Grizzly reuses it), held by index rather than in its map of named attributes.
     */
    static final Attribute<Integer> CONTENT_LENGTH_HEADERS =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(HubHttpCodec.class.getName() + ".content-length-headers");

    @Override
    protected boolean parseHeaderName(HttpHeader httpHeader, MimeHeaders mimeHeaders, HeaderParsingState parsingState,
                                      byte[] input, int end) {
        int from = parsingState.arrayOffset + parsingState.offset;
        int to = Math.min(end, parsingState.arrayOffset + parsingState.packetLimit);
        for (int i = from; i < to && input[i] != ':'; i++) {
            requireTokenCharacter(input[i]);
        }
        return counted(httpHeader, parsingState, super.parseHeaderName(httpHeader, mimeHeaders, parsingState, input, end));
    }

    @Override
    protected boolean parseHeaderName(HttpHeader httpHeader, MimeHeaders mimeHeaders, HeaderParsingState parsingState,
                                      Buffer input) {
        int to = Math.min(input.limit(), parsingState.packetLimit);
        for (int i = parsingState.offset; i < to && input.get(i) != ':'; i++) {
            requireTokenCharacter(input.get(i));
        }
        return counted(httpHeader, parsingState, super.parseHeaderName(httpHeader, mimeHeaders, parsingState, input));
    }

    /**
     * A header name is a token (RFC 9110, section 5.1). Grizzly's parser looks for the colon across line ends:
     * a line without one ({@code Host x}) became part of the next header's name, hiding that header (a
     * {@code Content-Length}, say) and leaving the client unanswered until the idle timeout. Refused here, the
     * request gets Grizzly's 400 with the hub's problem body.
     */
    private static void requireTokenCharacter(byte b) {
        boolean token = b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
                || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
        if (!token) {
            throw new IllegalStateException("a header name may hold only token characters (RFC 9110, section 5.1)");
        }
    }

    private static boolean counted(HttpHeader httpHeader, HeaderParsingState parsingState, boolean nameParsed) {
        if (nameParsed && parsingState.isContentLengthHeader && httpHeader instanceof HttpRequestPacket request) {
            Integer seen = CONTENT_LENGTH_HEADERS.get(request);
            CONTENT_LENGTH_HEADERS.set(request, seen != null ? seen + 1 : 1);
        }
        return nameParsed;
    }

    /** The body of Grizzly's own refusal of a request it could not parse; its status is Grizzly's (400, 505). */
    @Override
    protected HttpContent customizeErrorResponse(HttpResponsePacket response) {
        int status = response.getStatus();
        Problem problem = status == ProblemKind.MALFORMED_REQUEST.status()
                ? Problem.of(ProblemKind.MALFORMED_REQUEST, UNPARSEABLE)
                : Problem.of(ProblemKind.MALFORMED_REQUEST.slug(), response.getReasonPhrase(), status, UNPARSEABLE);
        byte[] body = new EdgeRefusal(problem).body();
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        return HttpContent.builder(response)
                .content(Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, body))
                .last(true)
                .build();
    }

    private static final String UNPARSEABLE =
            "the request is not HTTP/1.1 the hub can read: its request line, a header or its length is malformed";

    @Override
    protected Buffer encodeHttpPacket(FilterChainContext ctx, HttpPacket input) {
        if (!input.isHeader() && ((HttpContent) input).isLast() && DetachedStreams.isDetached(ctx.getConnection())) {
            return withoutEnd(ctx, (HttpContent) input);
        }
        HttpHeader header = input.isHeader() ? (HttpHeader) input : ((HttpContent) input).getHttpHeader();
        if (header instanceof HttpResponsePacket response && !response.isCommitted() && response.isChunked()
                && response.getRequest().getProtocol() != Protocol.HTTP_1_1) {
            response.setChunked(false);
        }
        return super.encodeHttpPacket(ctx, input);
    }

    /**
     * The end of a request whose stream has been detached from it: the stream goes on, so what Jersey and
     * Grizzly write to end the response (an empty last chunk) is not sent; GrizzlyOutput writes the end
     * when the stream ends. Content in that last packet, if any, goes out as an ordinary chunk.
     */
    private Buffer withoutEnd(FilterChainContext ctx, HttpContent last) {
        if (!last.getContent().hasRemaining()) {
            last.recycle();
            return Buffers.EMPTY_BUFFER;
        }
        last.setLast(false);
        return super.encodeHttpPacket(ctx, last);
    }
}
