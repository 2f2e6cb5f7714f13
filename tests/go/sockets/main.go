// sockets: loopback TCP (concurrent echo clients, half-close, deadlines,
// refused connections, address in use, reset), UDP, unix stream and datagram
// sockets, SCM_RIGHTS descriptor passing, socket pairs, net/http over
// loopback, /etc/hosts lookups.  127.0.0.1 only.
package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"sync"
	"syscall"
	"time"

	"abirun.test/go/internal/t"
)

func echoServer(l net.Listener, wg *sync.WaitGroup) {
	defer wg.Done()
	var cw sync.WaitGroup
	for {
		c, err := l.Accept()
		if err != nil {
			cw.Wait()
			return
		}
		cw.Add(1)
		go func() {
			defer cw.Done()
			io.Copy(c, c)
			c.Close()
		}()
	}
}

func payload(i int) []byte {
	b := make([]byte, 65536+i*1000)
	for j := range b {
		b[j] = byte(j*i + j>>8)
	}
	return b
}

func echoClients(network, addr string, n int) int {
	var wg sync.WaitGroup
	ok := make(chan bool, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := net.Dial(network, addr)
			if err != nil {
				fmt.Println("dial:", t.E(err))
				ok <- false
				return
			}
			defer c.Close()
			p := payload(i)
			go func() {
				c.Write(p)
				if cw, ok := c.(interface{ CloseWrite() error }); ok {
					cw.CloseWrite()
				}
			}()
			back, err := io.ReadAll(c)
			ok <- err == nil && bytes.Equal(back, p)
		}(i)
	}
	wg.Wait()
	close(ok)
	good := 0
	for v := range ok {
		if v {
			good++
		}
	}
	return good
}

func main() {
	// TCP
	l, err := net.Listen("tcp", "127.0.0.1:0")
	t.Check("listen tcp", err)
	la := l.Addr().(*net.TCPAddr)
	fmt.Println("tcp listener ip:", la.IP, "port nonzero:", la.Port != 0)
	var wg sync.WaitGroup
	wg.Add(1)
	go echoServer(l, &wg)
	fmt.Println("tcp echo clients ok:", echoClients("tcp", la.String(), 10), "of 10")

	c, err := net.Dial("tcp", la.String())
	t.Check("dial", err)
	tc := c.(*net.TCPConn)
	t.Check("nodelay", tc.SetNoDelay(true))
	t.Check("keepalive", tc.SetKeepAlive(true))
	t.Check("keepalive period", tc.SetKeepAlivePeriod(30*time.Second))
	t.Check("rcvbuf", tc.SetReadBuffer(1<<16))
	fmt.Println("local ip:", tc.LocalAddr().(*net.TCPAddr).IP, "remote is listener:", tc.RemoteAddr().String() == la.String())
	c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	_, err = c.Read(make([]byte, 1))
	var ne net.Error
	fmt.Println("read deadline:", t.E(err), errors.As(err, &ne) && ne.Timeout())
	c.SetReadDeadline(time.Time{})
	c.Write([]byte("ping"))
	b := make([]byte, 4)
	io.ReadFull(c, b)
	fmt.Printf("after deadline cleared: %q\n", b)
	c.Close()
	_, err = c.Write([]byte("x"))
	fmt.Println("write on closed conn:", t.E(err))

	_, err = net.Listen("tcp", la.String())
	fmt.Println("listen on a used port:", t.E(err))
	l.Close()
	wg.Wait()
	_, err = net.Dial("tcp", la.String())
	fmt.Println("dial closed port:", t.E(err))

	// a reset: the peer closes with SO_LINGER 0 while we have unread data
	l2, _ := net.Listen("tcp", "127.0.0.1:0")
	go func() {
		s, err := l2.Accept()
		if err != nil {
			return
		}
		io.ReadFull(s, make([]byte, 5))
		s.(*net.TCPConn).SetLinger(0)
		s.Close()
	}()
	c2, _ := net.Dial("tcp", l2.Addr().String())
	c2.Write([]byte("hello"))
	_, err = io.ReadAll(c2)
	fmt.Println("read from reset connection:", t.E(err))
	c2.Close()
	l2.Close()

	// UDP
	u, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	t.Check("listen udp", err)
	go func() {
		buf := make([]byte, 65536)
		for {
			n, from, err := u.ReadFromUDP(buf)
			if err != nil {
				return
			}
			u.WriteToUDP(bytes.ToUpper(buf[:n]), from)
		}
	}()
	uc, err := net.DialUDP("udp", nil, u.LocalAddr().(*net.UDPAddr))
	t.Check("dial udp", err)
	for _, msg := range []string{"datagram one", "datagram two", string(bytes.Repeat([]byte("x"), 8000))} {
		uc.Write([]byte(msg))
		buf := make([]byte, 65536)
		uc.SetReadDeadline(time.Now().Add(10 * time.Second))
		n, err := uc.Read(buf)
		if len(msg) > 20 {
			fmt.Println("udp large datagram:", n, t.E(err))
		} else {
			fmt.Printf("udp: %q %s\n", buf[:n], t.E(err))
		}
	}
	pc, _ := net.ListenPacket("udp", "127.0.0.1:0")
	pc.WriteTo([]byte("to server"), u.LocalAddr())
	buf := make([]byte, 100)
	n, from, err := pc.ReadFrom(buf)
	fmt.Printf("udp ReadFrom: %q from server: %v %s\n", buf[:n], from.String() == u.LocalAddr().String(), t.E(err))
	pc.Close()
	uc.Close()
	u.Close()

	// unix stream sockets (relative path in the cwd)
	ul, err := net.Listen("unix", "stream.sock")
	t.Check("listen unix", err)
	fmt.Println("unix listener addr:", ul.Addr())
	st, _ := os.Lstat("stream.sock")
	fmt.Println("socket file:", st.Mode().Type()&os.ModeSocket != 0)
	wg.Add(1)
	go echoServer(ul, &wg)
	fmt.Println("unix echo clients ok:", echoClients("unix", "stream.sock", 5), "of 5")
	ul.Close()
	wg.Wait()
	_, err = os.Lstat("stream.sock")
	fmt.Println("socket file after close:", t.E(err))

	// unix datagram sockets
	srv, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: "dgram.sock", Net: "unixgram"})
	t.Check("listen unixgram", err)
	cli, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: "client.sock", Net: "unixgram"})
	t.Check("client unixgram", err)
	cli.WriteToUnix([]byte("unix datagram"), srv.LocalAddr().(*net.UnixAddr))
	n, ua, err := srv.ReadFromUnix(buf)
	fmt.Printf("unixgram: %q from %v %s\n", buf[:n], ua, t.E(err))
	srv.Close()
	cli.Close()

	// SCM_RIGHTS: pass a pipe's write end over a socket pair
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	t.Check("socketpair", err)
	fa, fb := os.NewFile(uintptr(fds[0]), "a"), os.NewFile(uintptr(fds[1]), "b")
	ca, _ := net.FileConn(fa)
	cb, _ := net.FileConn(fb)
	fa.Close()
	fb.Close()
	pr, pw, _ := os.Pipe()
	oob := syscall.UnixRights(int(pw.Fd()))
	_, oobn, err := ca.(*net.UnixConn).WriteMsgUnix([]byte("fd"), oob, nil)
	fmt.Println("sent rights:", oobn == len(oob), t.E(err))
	pw.Close()
	rb := make([]byte, 10)
	roob := make([]byte, syscall.CmsgSpace(4*4))
	n, oobn, _, _, err = cb.(*net.UnixConn).ReadMsgUnix(rb, roob)
	t.Check("readmsg", err)
	msgs, err := syscall.ParseSocketControlMessage(roob[:oobn])
	t.Check("parse cmsg", err)
	rfds, err := syscall.ParseUnixRights(&msgs[0])
	t.Check("parse rights", err)
	fmt.Printf("received %q with %d fd\n", rb[:n], len(rfds))
	wf := os.NewFile(uintptr(rfds[0]), "received")
	wf.Write([]byte("written through a passed fd"))
	wf.Close()
	got, _ := io.ReadAll(pr)
	fmt.Printf("pipe got: %q\n", got)
	ca.Close()
	cb.Close()

	// a socket pair as a full-duplex stream
	fds, _ = syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	sa, sb := os.NewFile(uintptr(fds[0]), "sa"), os.NewFile(uintptr(fds[1]), "sb")
	go func() { io.Copy(sb, sb) }()
	sa.Write([]byte("duplex"))
	db := make([]byte, 6)
	io.ReadFull(sa, db)
	fmt.Printf("socketpair echo: %q\n", db)
	sa.Close()

	// net/http over loopback
	hl, _ := net.Listen("tcp", "127.0.0.1:0")
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Test", "yes")
		fmt.Fprintf(w, "hello %s %s", r.Method, r.URL.Query().Get("name"))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Write(payload(3))
	})
	hs := &http.Server{Handler: mux}
	go hs.Serve(hl)
	base := "http://" + hl.Addr().String()
	resp, err := http.Get(base + "/hello?name=abirun")
	t.Check("http get", err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Printf("http: %d %q X-Test=%s\n", resp.StatusCode, body, resp.Header.Get("X-Test"))
	resp, err = http.Get(base + "/big")
	t.Check("http get big", err)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Printf("http big: %d bytes, sha256 %x\n", len(body), sha256.Sum256(body))
	resp, _ = http.Get(base + "/missing")
	resp.Body.Close()
	fmt.Println("http missing:", resp.StatusCode)
	hs.Close()

	// names from /etc/hosts (pure Go resolver)
	addrs, err := net.LookupHost("localhost")
	sort.Strings(addrs)
	has127 := false
	for _, a := range addrs {
		if a == "127.0.0.1" {
			has127 = true
		}
	}
	fmt.Println("lookup localhost has 127.0.0.1:", has127, t.E(err))
	fmt.Println("sockets done")
}
