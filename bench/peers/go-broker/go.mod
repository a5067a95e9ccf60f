module ssehub.bench/gobroker

go 1.19
