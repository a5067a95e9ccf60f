// The bare-write floor: the least work a server can do for the fan-out, to show what the loopback
// write path itself costs. A raw TCP listener, hand-parsed HTTP/1.1, and for each published event one
// write syscall per stream that reads its topic (a whole chunk: "<hex len>\r\n<frame>\r\n"), made
// synchronously, in a loop over those streams, by the goroutine that read the POST. A stream opened with
// ?topic=NAME reads that topic only (a map from topic to streams), one without reads every topic. No
// queues, no per-stream writer, no dropping: a stream that stops reading stalls everyone. Listens on
// 127.0.0.1:$PORT.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	streamHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n"
	created    = "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"
	healthy    = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n"
	badRequest = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
	notFound   = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
)

var (
	mu      sync.Mutex                           // guards the stream sets and nextID, and serialises the fan-out
	streams = map[string]map[net.Conn]struct{}{} // by topic; "" for the streams of every topic
	nextID  int64
)

func subscribe(c net.Conn, topic string) {
	set := streams[topic]
	if set == nil {
		set = map[net.Conn]struct{}{}
		streams[topic] = set
	}
	set[c] = struct{}{}
}

func unsubscribe(c net.Conn, topic string) {
	if set := streams[topic]; set != nil {
		delete(set, c)
		if len(set) == 0 && topic != "" {
			delete(streams, topic)
		}
	}
}

// fanOut writes one chunk to every stream of the topic and of every topic, one write each; a failed
// stream is closed and forgotten. The empty topic (the keep-alive) reaches the streams of every topic only.
func fanOut(topic, frame string) {
	chunk := []byte(fmt.Sprintf("%x\r\n%s\r\n", len(frame), frame))
	write := func(set map[net.Conn]struct{}) {
		for c := range set {
			if _, err := c.Write(chunk); err != nil {
				c.Close()
				delete(set, c)
			}
		}
	}
	write(streams[""])
	if topic != "" {
		write(streams[topic])
	}
}

func publish(body []byte) bool {
	var in struct {
		Topic string          `json:"topic"`
		Data  json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return false
	}
	var data string
	if err := json.Unmarshal(in.Data, &data); err != nil {
		data = string(in.Data)
	}
	mu.Lock()
	nextID++
	fanOut(in.Topic, "id: "+strconv.FormatInt(nextID, 10)+"\nevent: bench\ndata: "+data+"\n\n")
	mu.Unlock()
	return true
}

// serve reads requests off one connection until it closes. After GET /events the connection is a
// stream: it is only read to notice the close.
func serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		parts := strings.Fields(line)
		if len(parts) < 2 {
			c.Write([]byte(badRequest))
			return
		}
		method, path, topic := parts[0], parts[1], ""
		if i := strings.IndexByte(path, '?'); i >= 0 {
			if query, err := url.ParseQuery(path[i+1:]); err == nil {
				topic = query.Get("topic")
			}
			path = path[:i]
		}
		length := 0
		for {
			h, err := r.ReadString('\n')
			if err != nil {
				return
			}
			h = strings.TrimRight(h, "\r\n")
			if h == "" {
				break
			}
			if k, v, ok := strings.Cut(h, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "Content-Length") {
				length, _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		switch {
		case path == "/events" && method == "GET":
			mu.Lock()
			_, err := c.Write([]byte(streamHead))
			if err == nil {
				subscribe(c, topic)
			}
			mu.Unlock()
			if err != nil {
				return
			}
			io.Copy(io.Discard, r) // until the client goes
			mu.Lock()
			unsubscribe(c, topic)
			mu.Unlock()
			return
		case path == "/events" && method == "POST":
			if !publish(body) {
				c.Write([]byte(badRequest))
				return
			}
			c.Write([]byte(created))
		case path == "/health":
			c.Write([]byte(healthy))
		default:
			c.Write([]byte(notFound))
		}
	}
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		log.Fatal("PORT is required")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		for range time.Tick(15 * time.Second) {
			mu.Lock()
			fanOut("", ": keep-alive\n\n")
			mu.Unlock()
		}
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go serve(c)
	}
}
