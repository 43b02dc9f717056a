package crypto

import "testing"

func TestAlgorithmNames(t *testing.T) {
	for _, name := range []string{"md5", "sha1", "SHA256", "sha-256", "RSA-SHA256", "sha384", "sha512", "sha224"} {
		if _, ok := Algorithm(name); !ok {
			t.Errorf("%s should be supported", name)
		}
	}
	for _, name := range []string{"", "sha3-256", "whirlpool", "ripemd160"} {
		if _, ok := Algorithm(name); ok {
			t.Errorf("%s should not be supported", name)
		}
	}
}
