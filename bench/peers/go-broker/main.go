// The common Go SSE broker: one broker goroutine owns the set of clients and is fed through
// register, unregister and broadcast channels; each client is a buffered channel drained by its own
// handler goroutine, which flushes after every event. A client whose buffer is full misses the event.
// A client that asks for ?topic=NAME gets only that topic's events, found in a map from topic to
// clients (the usual topic map); one without gets every event. Standard library only. Listens on
// 127.0.0.1:$PORT.
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

type client struct {
	ch    chan []byte
	topic string // "" for every topic
}

type message struct {
	topic string
	data  string
}

type Broker struct {
	clients    map[chan []byte]struct{}            // every client, for keep-alives
	everyTopic map[chan []byte]struct{}            // clients of every topic
	byTopic    map[string]map[chan []byte]struct{} // clients of one topic
	register   chan client
	unregister chan client
	broadcast  chan message
	nextID     int64
}

func NewBroker() *Broker {
	return &Broker{
		clients:    make(map[chan []byte]struct{}),
		everyTopic: make(map[chan []byte]struct{}),
		byTopic:    make(map[string]map[chan []byte]struct{}),
		register:   make(chan client),
		unregister: make(chan client),
		broadcast:  make(chan message, 256),
	}
}

func (b *Broker) add(c client) {
	b.clients[c.ch] = struct{}{}
	if c.topic == "" {
		b.everyTopic[c.ch] = struct{}{}
		return
	}
	set := b.byTopic[c.topic]
	if set == nil {
		set = make(map[chan []byte]struct{})
		b.byTopic[c.topic] = set
	}
	set[c.ch] = struct{}{}
}

func (b *Broker) remove(c client) {
	delete(b.clients, c.ch)
	delete(b.everyTopic, c.ch)
	if set := b.byTopic[c.topic]; set != nil {
		delete(set, c.ch)
		if len(set) == 0 {
			delete(b.byTopic, c.topic)
		}
	}
}

func (b *Broker) run() {
	keepAlive := time.NewTicker(15 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case c := <-b.register:
			b.add(c)
		case c := <-b.unregister:
			b.remove(c)
		case m := <-b.broadcast:
			b.nextID++
			msg := []byte(fmt.Sprintf("id: %d\nevent: bench\ndata: %s\n\n", b.nextID, m.data))
			b.send(b.everyTopic, msg)
			b.send(b.byTopic[m.topic], msg)
		case <-keepAlive.C:
			b.send(b.clients, []byte(": keep-alive\n\n"))
		}
	}
}

func (b *Broker) send(clients map[chan []byte]struct{}, msg []byte) {
	for c := range clients {
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

	c := client{ch: make(chan []byte, 256), topic: r.URL.Query().Get("topic")}
	b.register <- c
	defer func() { b.unregister <- c }()
	for {
		select {
		case msg := <-c.ch:
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
	b.broadcast <- message{topic: in.Topic, data: data}
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
