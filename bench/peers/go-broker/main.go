// The common Go SSE broker: one broker goroutine owns the set of clients and is fed through
// register, unregister and broadcast channels; each client is a buffered channel drained by its own
// handler goroutine, which flushes after every event. A client whose buffer is full misses the event.
// Standard library only. Listens on 127.0.0.1:$PORT.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"time"
)

type Broker struct {
	clients    map[chan []byte]struct{}
	register   chan chan []byte
	unregister chan chan []byte
	broadcast  chan string
	nextID     int64
}

func NewBroker() *Broker {
	return &Broker{
		clients:    make(map[chan []byte]struct{}),
		register:   make(chan chan []byte),
		unregister: make(chan chan []byte),
		broadcast:  make(chan string, 256),
	}
}

func (b *Broker) run() {
	keepAlive := time.NewTicker(15 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case c := <-b.register:
			b.clients[c] = struct{}{}
		case c := <-b.unregister:
			delete(b.clients, c)
		case data := <-b.broadcast:
			b.nextID++
			b.send([]byte(fmt.Sprintf("id: %d\nevent: bench\ndata: %s\n\n", b.nextID, data)))
		case <-keepAlive.C:
			b.send([]byte(": keep-alive\n\n"))
		}
	}
}

func (b *Broker) send(msg []byte) {
	for c := range b.clients {
		select {
		case c <- msg:
		default: // slow client: drop the event for it
		}
	}
}

func (b *Broker) stream(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	flusher.Flush()

	c := make(chan []byte, 256)
	b.register <- c
	defer func() { b.unregister <- c }()
	for {
		select {
		case msg := <-c:
			if _, err := w.Write(msg); err != nil {
				return
			}
			flusher.Flush()
		case <-r.Context().Done():
			return
		}
	}
}

func (b *Broker) publish(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Topic string          `json:"topic"`
		Type  string          `json:"type"`
		Data  json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	io.Copy(io.Discard, r.Body)
	var data string
	if err := json.Unmarshal(in.Data, &data); err != nil {
		data = string(in.Data) // not a JSON string: send the JSON text as is
	}
	b.broadcast <- data
	w.WriteHeader(http.StatusCreated)
}

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		log.Fatal("PORT is required")
	}
	b := NewBroker()
	go b.run()
	http.HandleFunc("/events", func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			b.stream(w, r)
		case http.MethodPost:
			b.publish(w, r)
		default:
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok\n")
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, nil))
}
