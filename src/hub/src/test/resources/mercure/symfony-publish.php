<?php
// Publishes updates to a Mercure hub with Symfony's own Mercure component, as a Symfony application does:
//   php symfony-publish.php <hub URL> <publisher JWT>
// Prints the id the hub answered for each update, one per line, in order.
declare(strict_types=1);

require_once 'Symfony/Component/Mercure/autoload.php';

use Symfony\Component\Mercure\Hub;
use Symfony\Component\Mercure\Jwt\StaticTokenProvider;
use Symfony\Component\Mercure\Update;

[, $url, $jwt] = $argv;
$hub = new Hub($url, new StaticTokenProvider($jwt));

$updates = [
    new Update('https://example.com/books/1', '{"title":"public"}', false, 'urn:symfony:public'),
    new Update(
        ['https://example.com/books/2', 'https://example.com/users/foo/?topic=' . urlencode('https://example.com/books/2')],
        '{"title":"private"}', true, null, 'book.private', 3000),
    new Update(['https://example.com/books/3', 'https://example.com/authors/7'], "multi\nline\r\ndata"),
];
foreach ($updates as $update) {
    echo $hub->publish($update), "\n";
}
