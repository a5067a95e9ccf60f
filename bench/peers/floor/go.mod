module ssehub.bench/floor

go 1.19
