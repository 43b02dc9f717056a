package buffer

import (
	"bytes"
	"encoding/base64"
	"testing"
)

func TestParseEncoding(t *testing.T) {
	for name, want := range map[string]Encoding{
		"utf8": UTF8, "UTF-8": UTF8, "hex": Hex, "Base64": Base64, "base64url": Base64URL,
		"binary": Latin1, "latin1": Latin1, "ascii": ASCII, "ucs2": UTF16LE, "utf-16le": UTF16LE,
	} {
		if got, ok := ParseEncoding(name); !ok || got != want {
			t.Errorf("%s: got %q %v", name, got, ok)
		}
	}
	if _, ok := ParseEncoding("utf32"); ok {
		t.Error("utf32 is not a Node encoding")
	}
}

func TestLenientDecoding(t *testing.T) {
	tests := []struct {
		in   string
		enc  Encoding
		want []byte
	}{
		{"68656c6c6f", Hex, []byte("hello")},
		{"6865zz6c", Hex, []byte("he")},
		{"686", Hex, []byte("h")},
		{"aGVsbG8=", Base64, []byte("hello")},
		{"aGVsbG8", Base64, []byte("hello")},
		{"aGVs\nbG8 =", Base64, []byte("hello")},
		{"-_8", Base64, []byte{0xfb, 0xff}},
		{"+/8=", Base64URL, []byte{0xfb, 0xff}},
		{"é", Latin1, []byte{0xe9}},
	}
	for _, tt := range tests {
		if got := Decode(tt.in, tt.enc); !bytes.Equal(got, tt.want) {
			t.Errorf("Decode(%q, %s) = %x, want %x", tt.in, tt.enc, got, tt.want)
		}
	}
}

// Every binary-safe encoding must round-trip any bytes, and our base64 reader must accept what
// Go's encoders write.
func FuzzCodecRoundTrip(f *testing.F) {
	for _, seed := range [][]byte{nil, []byte("hello"), {0, 0xff, 0x80, 0x7f}, []byte("✓ 𝄞")} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, enc := range []Encoding{Hex, Base64, Base64URL, Latin1} {
			if got := Decode(Encode(b, enc), enc); !bytes.Equal(got, b) {
				t.Fatalf("%s: %x -> %q -> %x", enc, b, Encode(b, enc), got)
			}
		}
		even := b[:len(b)/2*2]
		if got := Encode(Decode(Encode(even, UTF16LE), UTF16LE), UTF16LE); got != Encode(even, UTF16LE) {
			t.Fatalf("utf16le not stable for %x", even)
		}
		if got := Decode(base64.RawStdEncoding.EncodeToString(b), Base64); !bytes.Equal(got, b) {
			t.Fatalf("raw std base64 of %x decoded to %x", b, got)
		}
		s := Encode(b, UTF8)
		if Encode([]byte(s), UTF8) != s {
			t.Fatalf("utf8 output is not valid UTF-8 for %x", b)
		}
	})
}
