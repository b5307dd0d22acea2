<?php
/**
 * The allow-list on its own: which attributes and values pass, and that it matches the element.
 *
 * @package VoiceAgentTests
 */

test(
	'every accepted attribute and value passes, in the element\'s spelling',
	static function () {
		$filtered = Voice_Agent_Attributes::filter(
			array(
				'provider'         => 'anunzi',
				'agent_id'         => 'agent-1.b:c_d',
				'SERVER-URL'       => 'http://127.0.0.1:8787',
				'session_endpoint' => '/wp-json/voice-agent/v1/session?assistant=a1',
				'worklet-base'     => 'https://cdn.example.com/voice/',
				'frame_ms'         => '60',
				'variant'          => 'floating',
				'placement'        => 'top-left',
				'lang'             => 'pt-BR',
				'barge_in'         => 'off',
				'echo-gate'        => 'on',
				'open'             => 'false',
				0                  => 'debug',
				'text_start'       => 'Talk to us',
				'text-reconnecting-hint' => 'Again {0} of {1}',
			)
		);
		check_same(
			array(
				'provider'               => 'anunzi',
				'agent-id'               => 'agent-1.b:c_d',
				'server-url'             => 'http://127.0.0.1:8787',
				'session-endpoint'       => '/wp-json/voice-agent/v1/session?assistant=a1',
				'worklet-base'           => 'https://cdn.example.com/voice/',
				'frame-ms'               => '60',
				'variant'                => 'floating',
				'placement'              => 'top-left',
				'lang'                   => 'pt-BR',
				'barge-in'               => 'off',
				'echo-gate'              => 'on',
				'debug'                  => true,
				'text-start'             => 'Talk to us',
				'text-reconnecting-hint' => 'Again {0} of {1}',
			),
			$filtered['attributes'],
			'accepted attributes'
		);
		check_same( array(), $filtered['refused'], 'refused attributes' );
	}
);

test(
	'hostile and out-of-range values are refused by name, unknown attributes too',
	static function () {
		$filtered = Voice_Agent_Attributes::filter(
			array(
				'provider'         => 'evil',
				'agent-id'         => '"><script>alert(1)</script>',
				'server-url'       => 'javascript:alert(1)',
				'session-endpoint' => '//evil.example/steal',
				'worklet-base'     => 'https://cdn.example.com/" onload="alert(1)',
				'frame-ms'         => '5',
				'variant'          => 'huge',
				'placement'        => 'middle',
				'lang'             => 'en"><b',
				'barge-in'         => 'maybe',
				'debug'            => 'sometimes',
				'onclick'          => 'alert(1)',
				'style'            => 'display:none',
				'text-nonsense'    => 'x',
				'text-start'       => '<script>alert(1)</script>',
			)
		);
		check_same( array(), $filtered['attributes'], 'accepted attributes' );
		check_same(
			array( 'provider', 'agent-id', 'server-url', 'session-endpoint', 'worklet-base', 'frame-ms', 'variant', 'placement', 'lang', 'barge-in', 'debug', 'onclick', 'style', 'text-nonsense', 'text-start' ),
			$filtered['refused'],
			'refused attributes'
		);
	}
);

test(
	'frame-ms accepts exactly 20 to 100',
	static function () {
		foreach ( array( '19' => false, '20' => true, '100' => true, '101' => false, '40.5' => false, '-40' => false ) as $value => $accepted ) {
			$filtered = Voice_Agent_Attributes::filter( array( 'frame-ms' => (string) $value ) );
			check_same( $accepted, isset( $filtered['attributes']['frame-ms'] ), "frame-ms=$value accepted" );
		}
	}
);

test(
	'the allow-list names only attributes the element declares, and every text key it has',
	static function () {
		$manifest = json_decode( file_get_contents( dirname( __DIR__, 2 ) . '/custom-elements.json' ), true );
		$declared = array();
		foreach ( $manifest['modules'] as $module ) {
			foreach ( isset( $module['declarations'] ) ? $module['declarations'] : array() as $declaration ) {
				if ( isset( $declaration['tagName'] ) && 'voice-agent' === $declaration['tagName'] ) {
					foreach ( $declaration['attributes'] as $attribute ) {
						$declared[] = $attribute['name'];
					}
				}
			}
		}
		check( count( $declared ) > 5, 'custom-elements.json lists the element\'s attributes' );
		check_same( array(), array_values( array_diff( array_keys( Voice_Agent_Attributes::RULES ), $declared ) ), 'allowed attributes the element does not declare' );

		preg_match( '/const ENGLISH = \{(.*?)\n\}/s', file_get_contents( dirname( __DIR__, 2 ) . '/src/strings.ts' ), $table );
		preg_match_all( '/^\s*"?([a-z-]+)"?:/m', $table[1], $keys );
		check( count( $keys[1] ) > 10, 'src/strings.ts lists the string keys' );
		check_same( $keys[1], Voice_Agent_Attributes::TEXT_KEYS, 'text keys (plugin vs src/strings.ts)' );
	}
);
