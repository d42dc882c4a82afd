#!/bin/sh
# Makes a throw-away test PKI with the openssl command-line tool:
#   make_pki.sh DIR
# DIR (created if missing) receives, as PEM files:
#   ca.crt ca.key                the test CA that the clients trust
#   localhost.crt localhost.key  SAN DNS:localhost and IP:127.0.0.1
#   other-name.crt/.key          SAN DNS:other.example only (wrong host name)
#   expired.crt/.key             localhost, valid only in 2020
#   not-yet-valid.crt/.key       localhost, valid from a year from now
#   unknown-ca.crt/.key          localhost, signed by a CA the clients do not trust
#   self-signed.crt/.key         localhost, signed by its own key
# Keys are ECDSA P-256. Nothing here is ever committed: the tests and the
# demo run this script into a temporary directory.
set -eu

dir=${1:?usage: make_pki.sh DIR}
mkdir -p "$dir"
cd "$dir"

# Dates for openssl ca, as GeneralizedTime (YYYYMMDDHHMMSSZ) in UTC.
stamp() { date -u -d "$1" +%Y%m%d%H%M%SZ; }
now_minus_hour=$(stamp '-1 hour')
now_plus_month=$(stamp '+30 days')
next_year=$(stamp '+1 year')
year_after=$(stamp '+2 years')

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# A minimal configuration for "openssl ca", which is the only command of
# OpenSSL 3.0 that sets arbitrary start and end dates.
make_ca() {
    name=$1
    subject=$2
    mkdir -p "$name.db/certs"
    : > "$name.db/index.txt"
    echo 1000 > "$name.db/serial"
    cat > "$name.db/ca.cnf" <<EOF
[ca]
default_ca = test_ca
[test_ca]
dir = $name.db
database = \$dir/index.txt
new_certs_dir = \$dir/certs
serial = \$dir/serial
default_md = sha256
policy = any_name
unique_subject = no
copy_extensions = none
[any_name]
commonName = supplied
[ca_ext]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
    new_key "$name.key"
    openssl req -new -key "$name.key" -subj "/CN=$subject" -out "$name.csr"
    openssl ca -batch -notext -selfsign -config "$name.db/ca.cnf" -keyfile "$name.key" \
        -extensions ca_ext -startdate "$(stamp '-1 day')" -enddate "$(stamp '+10 years')" \
        -in "$name.csr" -out "$name.crt" 2>/dev/null
    rm -f "$name.csr"
}

# issue CA NAME CN SAN START END
issue() {
    ca=$1
    name=$2
    cat > "$name.ext" <<EOF
[leaf_ext]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $4
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
    new_key "$name.key"
    openssl req -new -key "$name.key" -subj "/CN=$3" -out "$name.csr"
    openssl ca -batch -notext -config "$ca.db/ca.cnf" -cert "$ca.crt" -keyfile "$ca.key" \
        -extfile "$name.ext" -extensions leaf_ext -startdate "$5" -enddate "$6" \
        -in "$name.csr" -out "$name.crt" 2>/dev/null
    rm -f "$name.csr" "$name.ext"
}

make_ca ca "boooply test CA"
make_ca untrusted-ca "boooply untrusted test CA"

issue ca localhost localhost "DNS:localhost, IP:127.0.0.1" "$now_minus_hour" "$now_plus_month"
issue ca other-name other.example "DNS:other.example" "$now_minus_hour" "$now_plus_month"
issue ca expired localhost "DNS:localhost, IP:127.0.0.1" 20200101000000Z 20201231235959Z
issue ca not-yet-valid localhost "DNS:localhost, IP:127.0.0.1" "$next_year" "$year_after"
issue untrusted-ca unknown-ca localhost "DNS:localhost, IP:127.0.0.1" "$now_minus_hour" "$now_plus_month"

new_key self-signed.key
openssl req -new -x509 -key self-signed.key -subj "/CN=localhost" -days 30 \
    -addext "subjectAltName = DNS:localhost, IP:127.0.0.1" -out self-signed.crt

rm -rf ca.db untrusted-ca.db untrusted-ca.key
chmod 600 ./*.key
